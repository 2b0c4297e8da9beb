/**
 * @module emulator/control/routes
 * The control surface a live tenant does not have (emulator-only): readiness, the inspector
 * page and a reset for test isolation.
 */
import type { Context } from 'koa';
import type { EmulatorContext } from '../context.ts';
import type { Router } from '../http/router.ts';
import { readTransactions } from '../flow/transactions.ts';
import { renderInspector } from './inspector.ts';

/** Path of the reset route; emulator-only, never on a live tenant. */
export const RESET_PATH = '/__emulator/reset';

/**
 * The header a reset must carry (value `1`), besides `Content-Type: application/json`. An HTML
 * form can send neither, and a cross-origin `fetch` that sets them must pass a CORS preflight,
 * which this server never grants: no web page in a browser on the machine can wipe the tenant
 * in the middle of a run (reliability audit §6, a CSRF).
 */
export const RESET_HEADER = 'x-emulator-reset';

/** Why a reset request is refused, or undefined when it may run. */
function resetRefusal(
  ctx: Context,
  origin: string,
): { status: 400 | 403; message: string } | undefined {
  const from = ctx.get('origin');
  if (from !== '' && from !== origin)
    return { status: 403, message: `Cross-origin reset refused (Origin: ${from.slice(0, 200)})` };
  if (ctx.get('sec-fetch-site') === 'cross-site')
    return { status: 403, message: 'Cross-site reset refused' };
  if (!ctx.is('application/json'))
    return { status: 400, message: 'A reset must be sent as application/json' };
  if (ctx.get(RESET_HEADER) !== '1')
    return { status: 400, message: `A reset must carry the header ${RESET_HEADER}: 1` };
  return undefined;
}

export function controlRoutes(router: Router, context: EmulatorContext): void {
  /**
   * Readiness probe, and what this tenant serves: a client that did not start it (or started
   * it and wants proof) compares these with what it asked for before trusting a verdict —
   * the read mode above all (a `fresh` run against a `snapshot` tenant would prove nothing).
   */
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: 'ok',
      tenant: context.config.tenantName,
      issuer: context.issuer,
      user_reads: context.config.userReads,
      rate_limit: context.config.rateLimit,
      signing_keys: [context.keys.publicJwk.kid],
      app_client_id: context.config.app.clientId,
    };
  });

  /** The inspector: users, transactions, decisions and logs as server-rendered HTML. */
  router.get('/', (ctx) => {
    ctx.status = 200;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Frame-Options', 'deny');
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.body = renderInspector(context);
  });

  /**
   * Clears users, login transactions, tenant logs and post-login bindings, for test isolation.
   * Actions, clients, factors and settings stay. Emulator-only: a live tenant has no such route.
   * Only a same-origin (or origin-less) JSON request with `x-emulator-reset: 1` is honoured.
   */
  router.post(RESET_PATH, (ctx) => {
    const refused = resetRefusal(ctx, context.origin);
    if (refused) {
      ctx.status = refused.status;
      ctx.body = { status: 'refused', message: refused.message };
      return;
    }
    const { tenant } = context;
    const cleared = {
      users: tenant.users.size,
      transactions: readTransactions(tenant).length,
      logs: tenant.logs.clear(),
      bindings: tenant.bindings.length,
    };
    tenant.users.clear();
    // Login transactions, brute-force blocks, OTP failure counts, remembered browsers, Action
    // caches and WebAuthn user handles: the tenant's runtime (tenant/runtime.ts), in one call.
    tenant.runtime.clear();
    tenant.bindings = [];
    ctx.body = { status: 'reset', cleared };
  });
}
