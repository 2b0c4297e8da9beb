/**
 * @module scripts/bench/floor/floor-server
 * The navigation floor's two sites: static pages (floor-pages.ts, built once) behind the same
 * redirects as the journey, with nothing computed — no tenant, no session, no verification.
 * An "application" on `http://localhost:A` and a "tenant" on `https://localhost:T` with the
 * embedded tenant's own certificate (the one the browser already trusts), so the browser does
 * what it does in the journey: the same origins, TLS, documents, redirects and form posts.
 *
 * The request chain is the journey's as recorded from Chromium (main-frame requests):
 *   login 1: app /signup → /authorize → /u/signup; POST → detect (posts itself) → OTP QR;
 *            POST → OTP code; POST → biometric enrollment; POST → /authorize/resume → callback
 *   logout:  app /logout → /v2/logout → app /
 *   login 2, 3: app /login → /authorize → /u/login/identifier → /u/login; POST → detect →
 *            biometric challenge; POST → /authorize/resume → callback
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { floorPages } from './floor-pages.ts';

/** The floor's sites, started by `startFloorSites`. */
export interface FloorSites {
  /** `http://localhost:A`: `/signup`, `/login`, `/callback`, `/logout`, `/`. */
  app: string;
  /** `https://localhost:T`: `/authorize`, `/u/...`, `/v2/logout`. */
  tenant: string;
  close(): Promise<void>;
  /** Lets the process end while they listen. */
  unref(): void;
}

type Route = (req: IncomingMessage, url: URL) => { redirect: string } | { html: string };

/** Starts both sites on free ports; `tlsDir` holds the embedded tenant's `cert.pem`/`key.pem`. */
export async function startFloorSites(tlsDir: string): Promise<FloorSites> {
  const appServer = createServer();
  const tenantServer = createHttpsServer({
    cert: readFileSync(join(tlsDir, 'cert.pem')),
    key: readFileSync(join(tlsDir, 'key.pem')),
  });
  const app = await listen(appServer, 'http');
  const tenant = await listen(tenantServer, 'https');

  const appRoutes: Record<string, Route> = {
    'GET /signup': () => ({ redirect: `${tenant}/authorize?screen_hint=signup` }),
    'GET /login': () => ({ redirect: `${tenant}/authorize` }),
    'GET /callback': () => ({ html: floorPages.callback }),
    'GET /logout': () => ({ redirect: `${tenant}/v2/logout` }),
    'GET /': () => ({ html: floorPages.home }),
  };
  const tenantRoutes: Record<string, Route> = {
    'GET /authorize': (_req, url) => ({
      redirect: url.searchParams.has('screen_hint') ? '/u/signup' : '/u/login/identifier',
    }),
    'GET /u/login/identifier': () => ({ redirect: '/u/login' }),
    ...screen(
      '/u/signup',
      floorPages.signup,
      () => '/u/mfa-detect-browser-capabilities?next=enroll',
    ),
    ...screen(
      '/u/login',
      floorPages.login,
      () => '/u/mfa-detect-browser-capabilities?next=challenge',
    ),
    ...screen('/u/mfa-detect-browser-capabilities', floorPages.detect, (url) =>
      url.searchParams.get('next') === 'enroll'
        ? '/u/mfa-otp-enrollment-qr'
        : '/u/mfa-webauthn-platform-challenge',
    ),
    ...screen('/u/mfa-otp-enrollment-qr', floorPages.otpQr, () => '/u/mfa-otp-enrollment-code'),
    ...screen(
      '/u/mfa-otp-enrollment-code',
      floorPages.otpCode,
      () => '/u/mfa-webauthn-platform-enrollment',
    ),
    ...screen('/u/mfa-webauthn-platform-enrollment', floorPages.enroll, () => '/authorize/resume'),
    ...screen(
      '/u/mfa-webauthn-platform-challenge',
      floorPages.challenge,
      () => '/authorize/resume',
    ),
    'GET /authorize/resume': () => ({ redirect: `${app}/callback?code=floor` }),
    'GET /v2/logout': () => ({ redirect: `${app}/` }),
  };
  appServer.on('request', (req, res) => void serve(appRoutes, app, req, res));
  tenantServer.on('request', (req, res) => void serve(tenantRoutes, tenant, req, res));

  return {
    app,
    tenant,
    close: async () => {
      await Promise.all([appServer, tenantServer].map(close));
    },
    unref: () => {
      appServer.unref();
      tenantServer.unref();
    },
  };
}

/** A tenant screen: GET shows its page, POST (its form) redirects to the next step. */
function screen(path: string, page: string, next: (url: URL) => string): Record<string, Route> {
  return {
    [`GET ${path}`]: () => ({ html: page }),
    [`POST ${path}`]: (_req, url) => ({ redirect: next(url) }),
  };
}

async function serve(
  routes: Record<string, Route>,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Read the whole body, as the tenant does, before answering.
  await new Promise<void>((resolve, reject) => {
    req.on('error', reject).on('end', resolve).resume();
  });
  const url = new URL(req.url ?? '/', origin);
  const route = routes[`${req.method ?? 'GET'} ${url.pathname}`];
  const headers = { 'cache-control': 'no-store' };
  if (!route) {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not on the floor');
    return;
  }
  const answer = route(req, url);
  if ('redirect' in answer) {
    res.writeHead(302, { ...headers, location: answer.redirect }).end();
  } else {
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
  }
}

let started: Promise<FloorSites> | undefined;

/**
 * The sites of this process, started on first use and never closed: they do not keep the
 * process alive, and a Playwright worker ends with its process.
 */
export function floorSites(tlsDir: string): Promise<FloorSites> {
  started ??= startFloorSites(tlsDir).then((sites) => {
    sites.unref();
    return sites;
  });
  return started;
}

function listen(server: Server, scheme: 'http' | 'https'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () =>
      resolve(`${scheme}://localhost:${(server.address() as AddressInfo).port}`),
    );
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
