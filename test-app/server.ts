/**
 * @module test-app/server
 * The relying party the browser logs into, on plain `node:http`. Routes: `/healthz`, `/`,
 * `/login`, `/signup`, `/callback`, `/logout`. Sessions live in memory behind an HttpOnly
 * cookie. Nothing here logs secrets or tokens.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as client from 'openid-client';
import type { HarnessEnv } from '../helpers/config/env.ts';
import { createOidcClient, type OidcClient, type PendingAuthorization } from './oidc-client.ts';
import { claimsPage, errorPage, homePage, notFoundPage } from './views.ts';

interface Session {
  pending?: PendingAuthorization;
  claims?: Record<string, unknown>;
}

const COOKIE = 'e2e_app_sid';

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/html; charset=utf-8',
) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

/** Describes a callback failure by its OAuth error code without echoing any token. */
function describeCallbackError(
  err: unknown,
  fallbackCode = 'callback_error',
): {
  code: string;
  description?: string;
  status: number;
} {
  if (err instanceof client.AuthorizationResponseError) {
    // `?error=&error_description=` from the authorization server (RFC 6749 §4.1.2.1).
    return {
      code: err.error,
      status: 400,
      ...(err.error_description ? { description: err.error_description } : {}),
    };
  }
  if (err instanceof client.ResponseBodyError) {
    return {
      code: err.error,
      status: 502,
      ...(err.error_description ? { description: err.error_description } : {}),
    };
  }
  const e = err as { code?: unknown; message?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : fallbackCode,
    description: typeof e.message === 'string' ? e.message : String(err),
    status: 400,
  };
}

export interface TestApp {
  server: Server;
  /** Listens on `port` (default: the callback's), on `localhost`; resolves with the origin. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * The test application. `env` may be given late (a function called on the first request):
 * a harness worker binds a free port first, then starts a tenant that allows that port's
 * callback, and only then knows the tenant.
 */
export function createTestApp(
  envOrLater: HarnessEnv | (() => HarnessEnv),
  oidcFor: (env: HarnessEnv) => OidcClient = createOidcClient,
): TestApp {
  const sessions = new Map<string, Session>();
  let bound: { env: HarnessEnv; oidc: OidcClient } | undefined;
  const current = () => {
    if (!bound) {
      const env = typeof envOrLater === 'function' ? envOrLater() : envOrLater;
      bound = { env, oidc: oidcFor(env) };
    }
    return bound;
  };

  const sessionOf = (req: IncomingMessage, res: ServerResponse): Session => {
    const sid = /(?:^|;\s*)e2e_app_sid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
    const existing = sid ? sessions.get(sid) : undefined;
    if (existing) return existing;
    const id = randomBytes(24).toString('base64url');
    const session: Session = {};
    sessions.set(id, session);
    res.setHeader('set-cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
    return session;
  };

  const startAuthorization = async (
    oidc: OidcClient,
    res: ServerResponse,
    session: Session,
    screenHint?: 'signup',
  ) => {
    const { url, pending } = await oidc.authorizationRequest(screenHint ? { screenHint } : {});
    session.pending = pending;
    redirect(res, url.href);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz') {
      return send(res, 200, JSON.stringify({ status: 'ok' }), 'application/json');
    }
    const { env, oidc } = current();
    const url = new URL(req.url ?? '/', env.testAppOrigin);
    if (req.method !== 'GET') return send(res, 405, 'method not allowed', 'text/plain');
    switch (url.pathname) {
      case '/': {
        const s = sessionOf(req, res);
        const who = s.claims ? JSON.stringify(s.claims.email ?? s.claims.sub ?? '') : undefined;
        return send(res, 200, homePage(who));
      }
      case '/login':
        return startAuthorization(oidc, res, sessionOf(req, res));
      case '/signup':
        return startAuthorization(oidc, res, sessionOf(req, res), 'signup');
      case '/callback': {
        const s = sessionOf(req, res);
        const pending = s.pending;
        if (!pending) {
          const err = url.searchParams.get('error');
          return send(
            res,
            400,
            errorPage(
              err ?? 'no_pending_authorization',
              url.searchParams.get('error_description') ??
                'No authorization request in this session',
            ),
          );
        }
        // One callback per authorization request: a replayed callback has no pending state.
        delete s.pending;
        const current = new URL(env.callbackUrl);
        current.search = url.search;
        try {
          s.claims = await oidc.callback(current, pending);
          return send(res, 200, claimsPage(s.claims));
        } catch (err) {
          const { code, description, status } = describeCallbackError(err);
          return send(res, status, errorPage(code, description));
        }
      }
      case '/logout': {
        const sid = /(?:^|;\s*)e2e_app_sid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
        if (sid) sessions.delete(sid);
        res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
        return redirect(res, oidc.logoutUrl(`${env.testAppOrigin}/`).href);
      }
      default:
        return send(res, 404, notFoundPage());
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const { code, description } = describeCallbackError(err, 'server_error');
      console.error(`test-app: ${req.method} ${req.url?.split('?')[0]} failed: ${code}`);
      if (!res.headersSent) send(res, 500, errorPage(code, description));
    });
  });

  return {
    server,
    listen: (port?: number) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port ?? current().env.testAppPort, 'localhost', () => {
          const actual = (server.address() as { port: number }).port;
          resolve(`http://localhost:${actual}`);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
