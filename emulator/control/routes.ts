/**
 * @module emulator/control/routes
 * The control surface a live tenant does not have (emulator-only): readiness, the inspector
 * page and a reset for test isolation.
 */
import type { EmulatorContext } from '../context.ts';
import type { Router } from '../http/router.ts';
import { readTransactions } from '../flow/transactions.ts';
import { renderInspector } from './inspector.ts';

/** Path of the reset route; emulator-only, never on a live tenant. */
export const RESET_PATH = '/__emulator/reset';

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
   */
  router.post(RESET_PATH, (ctx) => {
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
