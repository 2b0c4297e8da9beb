/**
 * @module helpers/doctor/run-doctor/lease-checks
 * The tenant lease (helpers/tenant/lease.ts) as the doctor reports it, read-only: free, held
 * by a run (who, since when, until when: a run started now waits for it), or expired (a killed
 * run: the next run restores its plan); and the harness's bindings left on post-login while no
 * live lease holds them (every login on the tenant runs them until they are removed).
 */
import type { Management } from 'auth0';
import { bindingName, isHarnessBinding } from '../tenant/bindings.ts';
import {
  describeHolder,
  leaseExpiresAtMs,
  secondsLeft,
  type LeaseAction,
} from '../tenant/lease-record.ts';
import { describePlan } from '../tenant/restore-plan.ts';
import type { Check } from './check.ts';

/** The live lease, if any (the oldest not expired), as `acquireLease` decides it. */
export function liveLease(leases: readonly LeaseAction[], nowMs: number): LeaseAction | undefined {
  return leases
    .filter((l) => leaseExpiresAtMs(l) > nowMs)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))[0];
}

/** `GET /api/v2/actions/actions?actionName=e2e-harness lease`. */
export function checkLease(leases: readonly LeaseAction[], nowMs: number): Check {
  const title = 'Tenant lease';
  const live = liveLease(leases, nowMs);
  if (live) {
    return {
      status: 'warn',
      title,
      detail: `held by ${describeHolder(live)}, expires in ${secondsLeft(leaseExpiresAtMs(live) - nowMs)} (${new Date(leaseExpiresAtMs(live)).toISOString()}) unless renewed: a run started now waits for it (E2E_LEASE_WAIT_SECONDS)`,
      fix: 'wait for that run to finish; if no run is going, its process was killed: the lease expires by itself and the next run restores what it changed',
    };
  }
  const dead = leases[0];
  if (dead) {
    return {
      status: 'warn',
      title,
      detail: `expired lease of ${describeHolder(dead)} (a run that was killed or could not restore the tenant); the next run takes it over and restores: ${dead.record ? describePlan(dead.record.restore) : 'nothing readable'}`,
      fix: 'run the journey (npm run e2e): it restores the tenant first',
    };
  }
  return { status: 'pass', title, detail: 'free: no run holds the tenant' };
}

/**
 * Harness bindings on post-login (Actions named `E2E_ACTION_NAME` or `… (e2e)`): expected while
 * a run holds the lease, left behind otherwise.
 */
export function checkLeftoverBindings(
  bindings: readonly Management.ActionBinding[],
  actionName: string,
  leaseHeld: boolean,
): Check {
  const title = 'Harness bindings on post-login';
  const harness = bindings.filter((b) => isHarnessBinding(b, actionName)).map(bindingName);
  if (harness.length === 0) return { status: 'pass', title, detail: 'none' };
  if (leaseHeld) {
    return {
      status: 'pass',
      title,
      detail: `${harness.join(', ')}: bound by the run that holds the lease`,
    };
  }
  return {
    status: 'warn',
    title,
    detail: `${harness.join(', ')} bound while no run holds the tenant: every login on this tenant runs ${harness.length === 1 ? 'it' : 'them'}`,
    fix: 'the next run (npm run e2e) removes them first; to remove them now: Dashboard › Actions › Triggers › post-login, drag them off and Apply',
  };
}
