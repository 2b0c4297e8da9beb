/**
 * @module emulator/management/routes
 * The Management API v2 subset (https://auth0.com/docs/api/management/v2), registered on the
 * router's `/api/v2` mount. Every route runs one pipeline, in hapi's request-lifecycle order
 * (https://hapi.dev/api/#request-lifecycle; Auth0's API answers in hapi/Boom's shapes):
 * rate limit (X-RateLimit-* headers on every response, 429 + `api_limit` log when the bucket is
 * empty) → route (unknown paths and methods: bare 404) → bearer token → body parsing → scope →
 * path, query and body validation → handler → `sapi` log for successful writes. Every error
 * leaves in Auth0's shape, and a log that cannot be written never changes the response.
 */
import type { Context } from 'koa';
import type { EmulatorContext } from '../context.ts';
import { ManagementApiError, toManagementErrorBody } from '../http/errors.ts';
import { requestIp } from '../http/request-ip.ts';
import type { MountedRoute, Router, RouteContext } from '../http/router.ts';
import type { ApiMount, ApiRequest, ApiRoute } from './api.ts';
import { authenticate, requireScope, type Principal } from './auth.ts';
import { actionRoutes } from './actions.ts';
import { attackProtectionRoutes } from './attack-protection.ts';
import { authenticationMethodRoutes } from './authentication-methods.ts';
import { bindingRoutes } from './bindings.ts';
import { clientRoutes } from './clients.ts';
import { connectionWriteRoutes } from './connection-writes.ts';
import { connectionRoutes } from './connections.ts';
import { guardianRoutes } from './guardian.ts';
import { logRoutes } from './logs.ts';
import { promptRoutes } from './prompts.ts';
import { validateQuery } from './query.ts';
import { RATE_LIMIT_PROFILES, TokenBucket } from './rate-limit.ts';
import { redact } from './redact.ts';
import { rememberBrowserRoutes } from './remember-browser.ts';
import { tenantSettingsRoutes } from './tenant-settings.ts';
import { userBlockRoutes } from './user-blocks.ts';
import { userLogRoutes } from './user-logs.ts';
import { userRoutes } from './users.ts';
import { NO_BODY, readJsonBody, validateBody, validateParams } from './validate.ts';

export const PREFIX = '/api/v2';

/** Message of a 429 (https://auth0.com/docs/api/authentication, rate limits). */
const TOO_MANY =
  'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.';

/** Registers every Management API resource on the mount. */
function registerResources(api: ApiMount): void {
  userRoutes(api);
  userLogRoutes(api);
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
  connectionWriteRoutes(api);
  userBlockRoutes(api);
  rememberBrowserRoutes(api);
}

/**
 * Mounts the Management API on `router` under `/api/v2`.
 * @returns the mount, whose `routes` list every route with its metadata.
 */
export function managementRoutes(router: Router, context: EmulatorContext): ApiMount {
  const bucket = new TokenBucket(RATE_LIMIT_PROFILES[context.config.rateLimit]);
  const api = router.mount<ApiRoute>(PREFIX, async (ctx, route) => {
    const taken = bucket.take();
    ctx.set('X-RateLimit-Limit', String(taken.limit));
    ctx.set('X-RateLimit-Remaining', String(taken.remaining));
    ctx.set('X-RateLimit-Reset', String(taken.reset));
    let committed: { req: ApiRequest; body: unknown } | undefined;
    try {
      if (!taken.allowed) {
        await logRateLimit(context, ctx, taken.limit);
        throw new ManagementApiError(429, 'too_many_requests', TOO_MANY, {
          'Retry-After': String(taken.retryAfter),
        });
      }
      // Auth0's API answers unknown paths and methods with hapi/Boom's bare 404 (for methods: unconfirmed).
      if (!route) throw new ManagementApiError(404, undefined, 'Not Found');
      const req = await admit(context, ctx, route);
      const result = await route.meta.handler(req);
      ctx.status = result.status ?? 200;
      ctx.body = result.body === undefined ? null : result.body;
      if (route.method !== 'GET') committed = { req, body: result.body };
    } catch (err) {
      const out = toManagementErrorBody(err);
      if (out.status >= 500) console.error('[management] unexpected error', err);
      for (const [k, v] of Object.entries(out.headers)) ctx.set(k, v);
      ctx.status = out.status;
      ctx.body = out.body;
    }
    // The write is committed: the response is decided, whatever happens to its log line.
    if (committed && route) logSuccess(context, ctx, route, committed.req, committed.body);
  });
  registerResources(api);
  return api;
}

/**
 * Authentication, body parsing, scope and input validation, in hapi's order: the token is
 * checked first, the payload is parsed before authorization, and path parameters, query and
 * payload are validated after it.
 */
async function admit(
  context: EmulatorContext,
  ctx: RouteContext,
  route: MountedRoute<ApiRoute>,
): Promise<ApiRequest> {
  const meta = route.meta;
  const principal = await authenticate(context, ctx.get('authorization') || undefined);
  const raw = route.method === 'GET' ? undefined : await readJsonBody(ctx);
  requireScope(principal, meta.scopes);
  if (meta.params) validateParams(ctx.params, meta.params);
  const query = validateQuery(ctx.querystring, meta.query ?? {});
  const body = route.method === 'GET' ? undefined : validateBody(raw, meta.body ?? NO_BODY);
  return { context, ctx, params: ctx.params, principal, query, body };
}

/**
 * `sapi` Success API Operation, with the request redacted (no passwords, no secret values).
 * Built from the body the pipeline already parsed and validated (never a second read), and
 * fenced: a failure is reported on stderr and never reaches the client, because the write it
 * describes has happened and an error would make the SDK retry it (reliability audit §6).
 */
function logSuccess(
  context: EmulatorContext,
  ctx: Context,
  route: MountedRoute<ApiRoute>,
  req: ApiRequest,
  responseBody: unknown,
): void {
  try {
    const principal: Principal = req.principal;
    const requestBody = req.body;
    context.tenant.logs.emit({
      type: 'sapi',
      description: route.meta.description ?? LOG_DESCRIPTION,
      ip: requestIp(ctx),
      user_agent: ctx.get('user-agent') || undefined,
      hostname: context.domain,
      client_id: principal.clientId,
      client_name: principal.clientName,
      details: {
        request: {
          method: ctx.method.toLowerCase(),
          path: ctx.path,
          query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
          ...(requestBody !== undefined ? { body: redact(requestBody) } : {}),
          auth: { user: {}, strategy: 'jwt', credentials: { scopes: [...principal.scopes] } },
        },
        response: {
          statusCode: ctx.status,
          ...(responseBody !== undefined ? { body: redact(responseBody) } : {}),
        },
      },
    });
  } catch (err) {
    reportLogFailure('sapi', ctx, err);
  }
}
const LOG_DESCRIPTION = 'Success API Operation';

/**
 * `api_limit`: who hit the limit is read from the token when it is valid (best effort). Fenced
 * like `sapi`: the caller gets its 429 whatever happens to the log line.
 */
async function logRateLimit(context: EmulatorContext, ctx: Context, size: number): Promise<void> {
  try {
    const principal = await authenticate(context, ctx.get('authorization') || undefined).catch(
      () => undefined,
    );
    context.tenant.logs.emit({
      type: 'api_limit',
      description: `You passed the limit of allowed calls to '${ctx.method.toLowerCase()} ${ctx.path}'`,
      ip: requestIp(ctx),
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
  } catch (err) {
    reportLogFailure('api_limit', ctx, err);
  }
}

/** A log line that could not be written, on stderr (never its content: it may hold secrets). */
function reportLogFailure(type: string, ctx: Context, err: unknown): void {
  const why = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
  console.error(`[management] ${type} log for ${ctx.method} ${ctx.path} not written (${why})`);
}
