/**
 * @module emulator/oidc/token-json-body
 * `POST /oauth/token` (and `POST /oauth/revoke`) takes JSON as well as form bodies on Auth0: its Authentication API
 * documents both (`Content-Type: application/json` in every token example,
 * https://auth0.com/docs/api/authentication#get-token). oidc-provider parses form bodies only,
 * so a JSON body is read here, checked, and handed on as the equivalent form body.
 *
 * A JSON body must be an object whose values are strings: Auth0's parameters are all strings,
 * and what it does with other JSON values is unconfirmed on live, so they are refused (the
 * stricter choice), as are malformed JSON and oversized bodies, with 400 `invalid_request`
 * (wordings unconfirmed on live).
 */
import { Readable } from 'node:stream';
import type { Context, Middleware, Next } from 'koa';
import { BodyError, readBody } from '../http/router.ts';
import { REVOCATION_PATH } from './revocation.ts';
import { TOKEN_PATH } from './token-endpoint.ts';

/** Endpoints that take JSON bodies on Auth0 (token, and revocation: its documented example). */
const JSON_PATHS = new Set([TOKEN_PATH, REVOCATION_PATH]);

/** oidc-provider's own limit on token request bodies (`selective_body.js`). */
const TOKEN_BODY_LIMIT = 56 * 1024;

function refuse(ctx: Context, description: string): void {
  ctx.status = 400;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: 'invalid_request', error_description: description };
}

/**
 * Middleware (register with `provider.use()` before the token endpoint runs): turns a JSON
 * token request into the form request oidc-provider expects.
 */
export function tokenJsonBody(): Middleware {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.method !== 'POST' || !JSON_PATHS.has(ctx.path) || !ctx.is('application/json')) {
      await next();
      return;
    }
    let parsed: unknown;
    try {
      parsed = await readBody(ctx, TOKEN_BODY_LIMIT);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      refuse(ctx, err.status === 413 ? 'Request body too large' : 'Invalid JSON body');
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      refuse(ctx, 'The request body must be a JSON object');
      return;
    }
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        refuse(ctx, `Parameter ${key.slice(0, 100)} must be a string`);
        return;
      }
      form.append(key, value);
    }
    const bytes = Buffer.from(form.toString());
    const original = ctx.req;
    const headers = original.headers;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(bytes.length);
    delete headers['transfer-encoding'];
    // The original stream is consumed: oidc-provider reads the form from a replay of it (Koa's
    // `ctx.request` keeps the original message for headers, method, URL and socket).
    ctx.req = Object.assign(Readable.from([bytes], { objectMode: false }), {
      headers,
      method: original.method,
      url: original.url,
      socket: original.socket,
    }) as unknown as Context['req'];
    await next();
  };
}
