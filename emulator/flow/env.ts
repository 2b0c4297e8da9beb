/**
 * @module emulator/flow/env
 * What every step of the flow engine is handed: the tenant, the documented user-read switch,
 * the HTTP request the step runs in (logs and `event.request`), and how to run an Action.
 * Built per request by Universal Login (`login/screen.ts`), or by unit tests.
 */
import type { ActionResult } from '../actions/result.ts';
import type { ExecuteActionInput } from '../actions/runtime.ts';
import type { Tenant } from '../tenant/store.ts';

/** The HTTP request a flow step runs in (also `event.request` for Actions). */
export interface RequestInfo {
  ip: string;
  userAgent?: string;
  /** The browser's `did` cookie (login/device.ts): `device_id` of `gd_*` log details. */
  deviceId?: string;
  method: string;
  path: string;
  hostname: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** Everything a flow step needs. */
export interface FlowEnv {
  tenant: Tenant;
  /**
   * `snapshot` (Auth0's documented behaviour) or `fresh` (the hypothetical fixed platform,
   * `EMULATOR_USER_READS`, design.md); interpreted only by `user-reads.ts`.
   */
  userReads: 'snapshot' | 'fresh';
  request: RequestInfo;
  /** Runs one Action; `executeAction` in production, a fake in unit tests. */
  runAction: (input: ExecuteActionInput) => Promise<ActionResult>;
  /** Clock seam for timestamps (defaults to now). */
  now?: () => Date;
}

/** The env's clock as an ISO timestamp. */
export const nowIso = (env: FlowEnv): string => (env.now ? env.now() : new Date()).toISOString();
