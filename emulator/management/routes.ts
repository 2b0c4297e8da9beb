/**
 * @module emulator/management/routes
 * The Management API v2 subset (https://auth0.com/docs/api/management/v2) mounted under
 * `/api/v2`. Every request goes through one pipeline: rate limit (X-RateLimit-* headers on
 * every response, 429 + `api_limit` log when the bucket is empty) → route → bearer token →
 * scope → handler → `sapi` log for successful writes. Every error leaves in Auth0's shape.
 */
import type { Context } from 'koa';
import type { EmulatorContext } from '../context.ts';
import { ManagementApiError, toManagementErrorBody } from '../http/errors.ts';
import type { Method, Router } from '../http/router.ts';
import { clientIp } from '../tenant/logs.ts';
import { ApiRoutes, apiRequest, type ApiRoute } from './api.ts';
import { authenticate, requireScope, type Principal } from './auth.ts';
import { actionRoutes } from './actions.ts';
import { attackProtectionRoutes } from './attack-protection.ts';
import { authenticationMethodRoutes } from './authentication-methods.ts';
import { bindingRoutes } from './bindings.ts';
import { clientRoutes } from './clients.ts';
import { connectionRoutes } from './connections.ts';
import { guardianRoutes } from './guardian.ts';
import { logRoutes } from './logs.ts';
import { promptRoutes } from './prompts.ts';
import { RATE_LIMIT_PROFILES, TokenBucket } from './rate-limit.ts';
import { redact } from './redact.ts';
import { rememberBrowserRoutes } from './remember-browser.ts';
import { tenantSettingsRoutes } from './tenant-settings.ts';
import { userBlockRoutes } from './user-blocks.ts';
import { userRoutes } from './users.ts';

const PREFIX = '/api/v2';
const METHODS: Method[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
/** Deepest route: actions/actions/{actionId}/versions/{id}/deploy. */
const MAX_DEPTH = 8;

/** Message of a 429 (https://auth0.com/docs/api/authentication, rate limits). */
const TOO_MANY =
  'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.';

/** All Management API resources, in one table. */
export function managementApi(): ApiRoutes {
  const api = new ApiRoutes();
  userRoutes(api);
  authenticationMethodRoutes(api);
  guardianRoutes(api);
  actionRoutes(api);
  bindingRoutes(api);
  tenantSettingsRoutes(api);
  logRoutes(api);
  attackProtectionRoutes(api);
  promptRoutes(api);
  clientRoutes(api);
  connectionRoutes(api);
  userBlockRoutes(api);
  rememberBrowserRoutes(api);
  return api;
}

export function managementRoutes(router: Router, context: EmulatorContext): void {
  const api = managementApi();
  const bucket = new TokenBucket(RATE_LIMIT_PROFILES[context.config.rateLimit]);

  const handle = async (ctx: Context): Promise<void> => {
    const taken = bucket.take();
    ctx.set('X-RateLimit-Limit', String(taken.limit));
    ctx.set('X-RateLimit-Remaining', String(taken.remaining));
    ctx.set('X-RateLimit-Reset', String(taken.reset));
    try {
      if (!taken.allowed) {
        await logRateLimit(context, ctx, taken.limit);
        throw new ManagementApiError(429, 'too_many_requests', TOO_MANY, {
          'Retry-After': String(taken.retryAfter),
        });
      }
      const found = api.match(ctx.method, ctx.path.slice(PREFIX.length).split('/').filter(Boolean));
      // Auth0's API answers unknown paths and methods with hapi/Boom's bare 404 (for methods: unconfirmed).
      if (!found.route) throw new ManagementApiError(404, undefined, 'Not Found');
      const route = found.route;
      const principal = await authenticate(context, ctx.get('authorization') || undefined);
      requireScope(principal, route.scopes);
      const req = apiRequest(context, ctx, found.params, principal);
      const result = await route.handler(req);
      ctx.status = result.status ?? 200;
      ctx.body = result.body === undefined ? null : result.body;
      if (route.method !== 'GET') {
        const body = await req.body().catch(() => undefined);
        logSuccess(context, ctx, route, principal, body, result.body);
      }
    } catch (err) {
      const out = toManagementErrorBody(err);
      if (out.status >= 500) console.error('[management] unexpected error', err);
      for (const [k, v] of Object.entries(out.headers)) ctx.set(k, v);
      ctx.status = out.status;
      ctx.body = out.body;
    }
  };

  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const pattern = PREFIX + Array.from({ length: depth }, (_, i) => `/:p${i}`).join('');
    for (const method of METHODS) router.add(method, pattern, handle);
  }
}

/** `sapi` Success API Operation, with the request redacted (no passwords, no secret values). */
function logSuccess(
  context: EmulatorContext,
  ctx: Context,
  route: ApiRoute,
  principal: Principal,
  requestBody: unknown,
  responseBody: unknown,
): void {
  context.tenant.logs.emit({
    type: 'sapi',
    description: route.description ?? LOG_DESCRIPTION,
    ip: clientIp(ctx.req.socket.remoteAddress),
    user_agent: ctx.get('user-agent') || undefined,
    hostname: context.domain,
    client_id: principal.clientId,
    client_name: principal.clientName,
    details: {
      request: {
        method: ctx.method.toLowerCase(),
        path: ctx.path,
        query: { ...ctx.query },
        ...(requestBody !== undefined ? { body: redact(requestBody) } : {}),
        auth: { user: {}, strategy: 'jwt', credentials: { scopes: [...principal.scopes] } },
      },
      response: {
        statusCode: ctx.status,
        ...(responseBody !== undefined ? { body: redact(responseBody) } : {}),
      },
    },
  });
}
const LOG_DESCRIPTION = 'Success API Operation';

/** `api_limit`: who hit the limit is read from the token when it is valid (best effort). */
async function logRateLimit(context: EmulatorContext, ctx: Context, size: number): Promise<void> {
  const principal = await authenticate(context, ctx.get('authorization') || undefined).catch(
    () => undefined,
  );
  context.tenant.logs.emit({
    type: 'api_limit',
    description: `You passed the limit of allowed calls to '${ctx.method.toLowerCase()} ${ctx.path}'`,
    ip: clientIp(ctx.req.socket.remoteAddress),
    hostname: context.domain,
    user_agent: ctx.get('user-agent') || undefined,
    client_id: principal?.clientId,
    client_name: principal?.clientName ?? '',
    details: {
      limit: { size, bucket: `management-api:${context.config.tenantName}`, global: true },
      request: { method: ctx.method.toLowerCase(), path: ctx.path },
      response: TOO_MANY,
    },
  });
}
