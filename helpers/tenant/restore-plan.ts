/**
 * @module helpers/tenant/restore-plan
 * What a run changed on the tenant, written into its lease BEFORE it changes anything
 * (helpers/tenant/lease.ts), so that whoever takes over the lease of a killed run can undo it.
 * Restoring is by difference: the plan names what the run added or switched, and undoing it
 * touches only that (the run's own bindings are removed from the current list; a factor is
 * disabled or the setting put back only if the run changed it).
 */
import type { Management, ManagementClient } from 'auth0';
import { removeBindings } from './bindings.ts';

export interface RestorePlan {
  /** Guardian factors the run enabled (restore: disable them). */
  factors_enabled: string[];
  /** Present when the run changed `customize_mfa_in_postlogin_action`: its previous value. */
  customize_mfa_in_postlogin_action?: { previous: boolean };
  /** Names of the Actions the run binds to post-login (restore: unbind them). */
  bindings: string[];
}

export const EMPTY_PLAN: RestorePlan = { factors_enabled: [], bindings: [] };

/** Whether the plan has nothing to undo. */
export function isEmptyPlan(plan: RestorePlan): boolean {
  return (
    plan.factors_enabled.length === 0 &&
    plan.customize_mfa_in_postlogin_action === undefined &&
    plan.bindings.length === 0
  );
}

/** One line: what restoring the plan does. */
export function describePlan(plan: RestorePlan): string {
  const parts: string[] = [];
  if (plan.bindings.length > 0)
    parts.push(`unbind ${plan.bindings.map((n) => `"${n}"`).join(', ')}`);
  const setting = plan.customize_mfa_in_postlogin_action;
  if (setting) parts.push(`customize_mfa_in_postlogin_action back to ${String(setting.previous)}`);
  if (plan.factors_enabled.length > 0)
    parts.push(`disable factor ${plan.factors_enabled.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'nothing to restore';
}

/** Parses a plan read back from a lease; anything malformed is dropped, never guessed. */
export function parsePlan(raw: unknown): RestorePlan {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
  const setting = r.customize_mfa_in_postlogin_action as { previous?: unknown } | undefined;
  return {
    factors_enabled: strings(r.factors_enabled),
    ...(typeof setting?.previous === 'boolean'
      ? { customize_mfa_in_postlogin_action: { previous: setting.previous } }
      : {}),
    bindings: strings(r.bindings),
  };
}

export interface RestoreOutcome {
  /** What was undone, one entry each. */
  restored: string[];
  /** What could not be undone, with the reason. */
  failures: string[];
}

const short = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 2).join(' / ');

/**
 * Undoes `plan`: the bindings first (the change every login on the tenant feels), then the
 * setting, then the factors. Every step is attempted; failures are returned, not thrown.
 * @param extraBindings removes these bindings too (e.g. by Action id), beside the named ones.
 */
export async function applyRestorePlan(
  management: ManagementClient,
  plan: RestorePlan,
  extraBindings: (b: { action?: { id?: string } }) => boolean = () => false,
): Promise<RestoreOutcome> {
  const outcome: RestoreOutcome = { restored: [], failures: [] };
  /** Runs one step; `run` returns what it undid (nothing: there was nothing to undo). */
  const step = async (what: string, run: () => Promise<string | undefined>) => {
    try {
      const done = await run();
      if (done) outcome.restored.push(done);
    } catch (err) {
      outcome.failures.push(`${what}: ${short(err)}`);
    }
  };
  const names = new Set(plan.bindings);
  await step('post-login bindings', async () => {
    const removed = await removeBindings(
      management,
      (b) => names.has(b.action?.name ?? '') || names.has(b.display_name ?? '') || extraBindings(b),
    );
    return removed.length > 0 ? `unbound ${removed.map((n) => `"${n}"`).join(', ')}` : undefined;
  });
  const setting = plan.customize_mfa_in_postlogin_action;
  if (setting) {
    const what = `customize_mfa_in_postlogin_action back to ${String(setting.previous)}`;
    await step(what, async () => {
      await management.tenants.settings.update({
        customize_mfa_in_postlogin_action: setting.previous,
      });
      return what;
    });
  }
  for (const name of plan.factors_enabled) {
    const what = `factor ${name} disabled again`;
    await step(what, async () => {
      await management.guardian.factors.set(name as Management.GuardianFactorNameEnum, {
        enabled: false,
      });
      return what;
    });
  }
  return outcome;
}
