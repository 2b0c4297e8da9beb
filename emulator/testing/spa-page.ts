/**
 * @module emulator/testing/spa-page
 * A single-page application for the SPA SDK tests: one HTML page that loads Auth0's SPA SDK
 * from its own origin (the SDK's browser build, `@auth0/auth0-spa-js/dist/…production.js`,
 * served from node_modules as an application would bundle it) and a small script exposing
 * `window.spa` (create the client, log in, handle the callback, get a token, log out), driven
 * by the test with `page.evaluate`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const SDK = readFileSync(require.resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'));

/** The page's own script: errors are returned as `{error, error_description}` values. */
const APP = `
window.spa = {
  async init(options) {
    window.client = await auth0.createAuth0Client(options);
    return true;
  },
  login(params) {
    void window.client.loginWithRedirect({ authorizationParams: params || {} });
    return true;
  },
  async callback() {
    await window.client.handleRedirectCallback();
    return (await window.client.getUser()) || null;
  },
  async token(options) {
    try {
      return await window.client.getTokenSilently({ detailedResponse: true, ...(options || {}) });
    } catch (e) {
      return { error: e.error || String(e), error_description: e.error_description || e.message };
    }
  },
  logout(returnTo) {
    void window.client.logout({ logoutParams: { returnTo } });
    return true;
  },
};`;

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>spa</title>
<script src="/auth0-spa-js.js"></script><script src="/app.js"></script></head><body>spa</body></html>`;

/** The SPA's request handler: the page at every path, the SDK and the page's script. */
export function spaHandler(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'https://spa.invalid').pathname;
  const [type, body] =
    path === '/auth0-spa-js.js'
      ? ['text/javascript', SDK]
      : path === '/app.js'
        ? ['text/javascript', APP]
        : ['text/html; charset=utf-8', HTML];
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Calls `window.spa.<name>(...args)` in the page. */
export function spa<T = unknown>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  const list = args.map((a) => JSON.stringify(a)).join(', ');
  return page.evaluate<T>(`window.spa.${name}(${list})`);
}
