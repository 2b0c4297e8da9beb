/**
 * @module helpers/tenant/prepare
 * Puts the tenant in the state the journey needs, under the tenant lease, and takes it back out
 * by difference (fixtures/deployment.ts is the worker fixture around it):
 * 1. the tenant lease (helpers/tenant/lease.ts): waits for another run, or takes over a dead one
 *    and restores what it left;
 * 2. reads the Guardian factors and `customize_mfa_in_postlogin_action`, and writes the restore
 *    plan into the lease BEFORE changing anything;
 * 3. enables `otp` and `webauthn-platform` if off (biometrics cannot be the only factor:
 *    https://auth0.com/docs/secure/multi-factor-authentication/fido-authentication-with-webauthn/configure-webauthn-device-biometrics-for-mfa),
 *    and the setting ("Customize MFA Factors using Actions", required by `enrollWith`:
 *    auth0-behaviour.md §1.3) if off;
 * 4. deploys each Action (helpers/tenant/deploy-action.ts);
 * 5. binds them to post-login after the tenant's own bindings (`PATCH …/bindings` replaces them
 *    all: auth0-behaviour.md §3.2), dropping — and saying so — harness bindings a dead run left.
 * `restore()` removes only this run's bindings from the CURRENT list and switches back only
 * what this run switched; then it releases the lease, or, when something could not be restored,
 * expires it with its plan so that the next run restores it.
 */
import type { Management, ManagementClient } from 'auth0';
import type { HarnessEnv } from '../config/env.ts';
import { preparing } from './readiness.ts';
import {
  bindingName,
  isHarnessBinding,
  listPostLoginBindings,
  POST_LOGIN,
  toRef,
} from './bindings.ts';
import { deployAction, type ActionSource, type DeployedAction } from './deploy-action.ts';
import { acquireLease, type TenantLease } from './lease.ts';
import { applyRestorePlan, type RestoreOutcome, type RestorePlan } from './restore-plan.ts';

import { REQUIRED_FACTORS as FACTORS } from './requirements.ts';

export interface Deployment {
  actionId: string;
  actionName: string;
  /** Number of the deployed version. */
  versionNumber: number | undefined;
  /** sha256 of the deployed code, to tie a report to a commit of `actions/`. */
  codeSha256: string;
  /** Display names of the post-login bindings in order, ours last. */
  bindings: string[];
  /** What this worker changed and will restore. */
  changed: string[];
  /** Every Action this worker deployed, in binding order (the first is the one above). */
  actions: DeployedAction[];
  /** Who holds the tenant lease (this run). */
  lease: string;
}

export interface PrepareOptions {
  /** The Actions to deploy and bind, in order. */
  sources: ActionSource[];
  /** `E2E_LEASE_WAIT_SECONDS` × 1000. */
  leaseWaitMs: number;
  leaseTtlSeconds?: number;
  leasePollMs?: number;
  buildTimeoutMs?: number;
  /** Lines for the run's output ("removed post-login bindings left by …"). */
  log?: (line: string) => void;
}

export interface PreparedTenant {
  deployment: Deployment;
  lease: TenantLease;
  /** Undoes this run's changes by difference, then releases the lease; never throws. */
  restore(): Promise<RestoreOutcome>;
}

const statusOf = (err: unknown) => (err as { statusCode?: unknown } | null)?.statusCode;
/** A 4xx other than 408/429: the tenant refused the change, so it did not happen. */
const refused = (err: unknown) => {
  const s = statusOf(err);
  return typeof s === 'number' && s >= 400 && s < 500 && s !== 408 && s !== 429;
};

/** Describes a plan as the list of what the run changed (for the report). */
function changesOf(plan: RestorePlan): string[] {
  return [
    ...plan.factors_enabled.map((f) => `factor ${f} enabled`),
    ...(plan.customize_mfa_in_postlogin_action
      ? ['customize_mfa_in_postlogin_action set to true']
      : []),
    'post-login bindings',
  ];
}

/** Steps 1–5 of the module comment. On failure, restores what was done and rethrows. */
export async function prepareTenant(
  management: ManagementClient,
  env: HarnessEnv,
  options: PrepareOptions,
): Promise<PreparedTenant> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { sources } = options;
  if (sources.length === 0) throw new Error('actionFiles is empty: nothing to deploy');
  const isLeftover = (b: Management.ActionBinding) => isHarnessBinding(b, env.actionName);
  const lease = await preparing('taking the tenant lease', () =>
    acquireLease(management, {
      runId: env.runId,
      waitMs: options.leaseWaitMs,
      ...(options.leaseTtlSeconds !== undefined ? { ttlSeconds: options.leaseTtlSeconds } : {}),
      ...(options.leasePollMs !== undefined ? { pollMs: options.leasePollMs } : {}),
      log,
      // Under our lease any harness binding is a dead run's: removed with its plan.
      restoreDeadRun: (plan) => applyRestorePlan(management, plan, isLeftover),
    }),
  );
  let plan: RestorePlan = { factors_enabled: [], bindings: [] };
  const deployed: DeployedAction[] = [];
  const restore = async (): Promise<RestoreOutcome> => {
    lease.stopRenewing();
    const ours = new Set(deployed.map((d) => d.actionId));
    const outcome = await applyRestorePlan(management, plan, (b) => ours.has(b.action?.id ?? ''));
    try {
      if (outcome.failures.length === 0) await lease.release();
      else await lease.expireNow();
    } catch (err) {
      outcome.failures.push(`tenant lease: ${String(err).split('\n')[0]}`);
    }
    return outcome;
  };

  try {
    // Failures preparing the tenant read "tenant not ready: …" (report category).
    const factors = await preparing('reading the MFA factors', () =>
      management.guardian.factors.list(),
    );
    const settings = await preparing('reading the tenant settings', () =>
      management.tenants.settings.get({
        fields: 'customize_mfa_in_postlogin_action',
        include_fields: true,
      }),
    );
    const previousSetting = settings.customize_mfa_in_postlogin_action ?? false;
    plan = {
      factors_enabled: FACTORS.filter((name) => !factors.find((f) => f.name === name)?.enabled),
      ...(previousSetting !== true
        ? { customize_mfa_in_postlogin_action: { previous: previousSetting } }
        : {}),
      bindings: sources.map((s) => s.name),
    };
    // Write-ahead: the plan is in the lease before the first change.
    await preparing('writing the restore plan into the tenant lease', () => lease.writePlan(plan));
    lease.startRenewing();

    for (const name of [...plan.factors_enabled]) {
      await preparing(`factor ${name} disabled and could not be enabled`, () =>
        management.guardian.factors
          .set(name as Management.GuardianFactorNameEnum, { enabled: true })
          .catch((err: unknown) => {
            // Refused: nothing changed, nothing to restore (a plan lacking it, for instance).
            if (refused(err)) plan.factors_enabled = plan.factors_enabled.filter((f) => f !== name);
            throw err;
          }),
      );
    }
    if (plan.customize_mfa_in_postlogin_action) {
      await preparing(
        'setting customize_mfa_in_postlogin_action ("Customize MFA Factors using Actions") off and could not be turned on',
        () => management.tenants.settings.update({ customize_mfa_in_postlogin_action: true }),
      );
    }

    for (const source of sources) {
      deployed.push(
        await deployAction(management, source, {
          ...(options.buildTimeoutMs ? { buildTimeoutMs: options.buildTimeoutMs } : {}),
        }),
      );
    }

    const bound = await preparing('binding missing: could not bind to post-login', async () => {
      const current = await listPostLoginBindings(management);
      const leftovers = current.filter(isLeftover);
      if (leftovers.length > 0) {
        log(
          `tenant: removed post-login bindings left by a run that did not restore the tenant (no live lease holds them): ${leftovers.map(bindingName).join(', ')}`,
        );
      }
      return management.actions.triggers.bindings.updateMany(POST_LOGIN, {
        bindings: [
          ...current.filter((b) => !isLeftover(b)).map(toRef),
          ...deployed.map((d) => ({
            ref: { type: 'action_id' as const, value: d.actionId },
            display_name: d.actionName,
          })),
        ],
      });
    });

    const first = deployed[0] as DeployedAction;
    return {
      deployment: {
        actionId: first.actionId,
        actionName: first.actionName,
        versionNumber: first.versionNumber,
        codeSha256: first.codeSha256,
        bindings: (bound.bindings ?? []).map(bindingName),
        changed: changesOf(plan),
        actions: deployed,
        lease: `run ${lease.holder.run} on host ${lease.holder.host} (pid ${lease.holder.pid})`,
      },
      lease,
      restore,
    };
  } catch (err) {
    const outcome = await restore();
    if (outcome.failures.length > 0) {
      log(`tenant: could not restore after a failed preparation: ${outcome.failures.join('; ')}`);
    }
    throw err;
  }
}
