/**
 * Support for the tests of the Universal Login walker and its page objects: pages shaped like
 * Auth0's screens (New Universal Login markup, auth0-behaviour.md §2.4) served by a small local
 * HTTP server standing in for a tenant: forms POST back to their own URL, every POST is
 * recorded, and the test chooses the screen each POST redirects to (a real 303, as Universal
 * Login answers: Playwright's `route.fulfill` redirects are not followed through its routes).
 * The emulator does not serve these screens (yet).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, type Page } from '@playwright/test';
import { navigationOf } from '../fixtures/pages/navigation.ts';
import { UniversalLogin, type UniversalLoginOptions } from '../fixtures/pages/universal-login.ts';
import { Redactor } from '../helpers/report/redact.ts';

/** An Auth0-shaped screen: a title, an `h1`, and one form posting back with a hidden `state`. */
export function ulScreen(heading: string, formBody: string, extra = ''): string {
  return `<!doctype html><html><head><title>${heading} - Test App</title></head><body><main>
<section><header><h1>${heading}</h1></header>${extra}
<form method="POST" data-form-primary="true"><input type="hidden" name="state" value="st-1">
${formBody}
</form></section></main></body></html>`;
}

/** The primary button of New Universal Login (auth0-behaviour.md §2.4). */
export const CONTINUE =
  '<button type="submit" name="action" value="default" data-action-button-primary="true">Continue</button>';

export interface Posted {
  path: string;
  form: Record<string, string>;
}

/**
 * What a screen does with a POST: redirect to a path of this tenant (or `CALLBACK`, or any
 * absolute URL), answer with a page, or drop the connection without an answer.
 */
export type OnPost = (form: Record<string, string>) => string | { html: string } | { drop: true };

export interface ServedScreen {
  html: string;
  onPost?: OnPost;
}

/** The callback's path on the stand-in tenant (the walker stops there). */
export const CALLBACK = '/callback';

export interface ScreenServer {
  origin: string;
  posted: Posted[];
  /** `origin + path + ?state=…`. */
  url(path: string): string;
  close(): Promise<void>;
}

/** Serves `screens` by path on a free localhost port; a POST without `onPost` goes to CALLBACK. */
export async function serveScreens(screens: Record<string, ServedScreen>): Promise<ScreenServer> {
  const posted: Posted[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === CALLBACK) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Signed in</h1>');
      return;
    }
    const screen = screens[url.pathname];
    if (!screen) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(screen.html);
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      posted.push({ path: url.pathname, form });
      const next = screen.onPost?.(form) ?? CALLBACK;
      if (typeof next === 'object' && 'drop' in next) {
        req.socket.destroy();
        return;
      }
      if (typeof next === 'object') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(next.html);
        return;
      }
      const location = /^https?:/.test(next) ? next : `${origin}${next}?state=st-1`;
      res.writeHead(303, { location }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    posted,
    url: (path) => `${origin}${path}?state=st-1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A localhost URL nobody listens on (a port just released). */
export async function deadOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://localhost:${port}`;
}

/** A walker over the served screens; `redactor` sees what it registers. */
export function walkerFor(
  page: Page,
  tenant: ScreenServer,
  options: Omit<UniversalLoginOptions, 'tenantOrigin'> = {},
  redactor = new Redactor(),
): UniversalLogin {
  navigationOf(page);
  return new UniversalLogin(
    page,
    { isCallback: (url) => url.startsWith(`${tenant.origin}${CALLBACK}`) },
    redactor,
    { tenantOrigin: tenant.origin, ...options },
  );
}

/** The test user of these screens (nothing real). */
export const USER = { email: 'walker.user@example.test', password: 'Pw-not-real-1!' };

/**
 * `test` with `serve(screens)`: a stand-in tenant closed after the test, even a failed one;
 * and `open(start, screens)`: the same, with the page opened on the screen at `start`.
 */
export const test = base.extend<{
  serve: (screens: Record<string, ServedScreen>) => Promise<ScreenServer>;
  open: (start: string, screens: Record<string, ServedScreen>) => Promise<ScreenServer>;
}>({
  serve: async ({}, use) => {
    const servers: ScreenServer[] = [];
    await use(async (screens) => {
      const s = await serveScreens(screens);
      servers.push(s);
      return s;
    });
    for (const s of servers) await s.close();
  },
  open: async ({ page, serve }, use) => {
    await use(async (start, screens) => {
      const tenant = await serve(screens);
      await page.goto(tenant.url(start));
      return tenant;
    });
  },
});
export { expect } from '@playwright/test';
