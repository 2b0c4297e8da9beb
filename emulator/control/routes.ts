/**
 * @module emulator/control/routes
 * The control surface a live tenant does not have: readiness only, for now.
 */
import type { EmulatorContext } from '../app.ts';
import type { Router } from '../http/router.ts';

export function controlRoutes(router: Router, context: EmulatorContext): void {
  /** Readiness probe for Playwright's `webServer` and `.ci/run`. */
  router.get('/healthz', (ctx) => {
    ctx.body = {
      status: 'ok',
      tenant: context.config.tenantName,
      user_reads: context.config.userReads,
    };
  });
}
