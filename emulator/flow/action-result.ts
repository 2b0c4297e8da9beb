/**
 * @module emulator/flow/action-result
 * Step 2b: what an Action's run changes in the transaction (post-login API object,
 * auth0-behaviour.md §1.3): a failed run fails the login; metadata writes are batched, claims
 * and transaction metadata kept, `api.multifactor.enable` remembered for the end of the flow;
 * `api.access.deny` fails the login after persisting; `api.redirect.sendUserTo` suspends the
 * flow until `/continue`; MFA commands are queued (or ignored) under the four-command cap.
 */
import { MFA_COMMAND_CAP, type ActionResult } from '../actions/runtime.ts';
import { nowIso, type FlowEnv } from './env.ts';
import { emitLog } from './log.ts';
import { persistMetadata, persistPendingMetadata } from './metadata.ts';
import { fail, type FlowStep } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import type { PlannedAction } from './transaction-state.ts';

/** Which run of which Action produced the result. */
export interface ActionRunContext {
  planned: PlannedAction;
  /** The Action's name now (it may have been renamed since the plan was made). */
  name: string;
  /** Position of the Action in the plan. */
  index: number;
  /** `onContinuePostLogin` at `/continue`, else `onExecutePostLogin`. */
  resumed: boolean;
}

/** Applies an Action's result; a step only when the login ends here (failure or deny). */
export function applyResult(
  env: FlowEnv,
  tx: LoginTransaction,
  run: ActionRunContext,
  result: ActionResult,
): FlowStep | undefined {
  const flow = engineState(tx).flow;
  const { planned } = run;
  if (result.outcome === 'failed') {
    // Actions that throw, time out or fail to compile log `actions_execution_failed`
    // (log-event-type-codes) and the login does not complete. Pending metadata of a failed
    // trigger is not persisted: the trigger never reaches its end (plausible, unconfirmed).
    emitLog(env, tx, 'actions_execution_failed', {
      description: result.error?.message ?? 'Action execution failed',
      details: {
        trigger_id: 'post-login',
        execution_id: `${tx.uid}:${run.index + 1}${run.resumed ? ':continue' : ''}`,
        action_id: planned.actionId,
        action_name: run.name,
        version_id: planned.versionId,
        binding_id: planned.bindingId,
        error_class: result.error?.kind === 'timeout' ? 'action_timeout' : 'action_error',
      },
    });
    return fail(tx, result.error?.message ?? 'Action execution failed');
  }

  // Batched: "the engine will aggregate the changes and update the metadata at once before
  // the flow is completed" (§1.3). Last write per key wins; null deletes at persist time.
  Object.assign(flow.pendingAppMetadata, result.appMetadata);
  Object.assign(flow.pendingUserMetadata, result.userMetadata);
  Object.assign(flow.idTokenClaims, result.idTokenClaims);
  Object.assign(flow.accessTokenClaims, result.accessTokenClaims);
  flow.transactionMetadata = { ...result.transactionMetadata };
  // `api.authentication.recordMethod(url)` (onContinuePostLogin only): a custom method in
  // `event.authentication.methods`, seen by the Actions that begin after it (§1.3, §1.4 item 2).
  const methods = engineState(tx).methods;
  for (const name of result.recordedMethods) methods.push({ name, timestamp: nowIso(env) });
  if (result.multifactor) {
    flow.multifactor = {
      provider: result.multifactor.provider,
      options: { ...result.multifactor.options },
    };
  }

  if (result.deny) {
    // `api.access.deny`: "does NOT cancel other side effects such as metadata changes. The
    // flow stops after this Action" — persist, then `reason` is the error_description (§1.3).
    persistMetadata(env, tx);
    emitLog(env, tx, 'f', { description: result.deny.reason });
    return fail(tx, result.deny.reason);
  }

  if (result.redirect) {
    // "The Action finishes, then the pipeline suspends and Auth0 redirects to url?state=…";
    // "any pending user or app metadata updates will be applied to the user profile before the
    // user is redirected" (§1.3). The snapshot is untouched (§1.4).
    persistPendingMetadata(env, tx, 'before-redirect');
    const target = new URL(result.redirect.url);
    target.searchParams.set('state', tx.uid);
    for (const [k, v] of Object.entries(result.redirect.query)) {
      if (k !== 'state') target.searchParams.append(k, v);
    }
    flow.redirect = { url: target.href, actionIndex: run.index };
    tx.addToTrail('flow', 'redirect-suspended', {
      action: run.name,
      to: `${target.origin}${target.pathname}`,
    });
  }

  if (result.mfaCommands.length > 0) {
    if (!env.tenant.settings.customize_mfa_in_postlogin_action) {
      // "Your customized flows will not work properly if this setting is not enabled" (§1.3):
      // the commands are ignored with a warning (plausible, unconfirmed).
      emitLog(env, tx, 'w', {
        description:
          'MFA commands were used in a PostLogin action, but "Customize MFA Factors using Actions" (customize_mfa_in_postlogin_action) is disabled; they were ignored.',
      });
      for (const c of result.mfaCommands)
        flow.commands.push({ ...c, action: run.name, status: 'ignored' });
    } else {
      for (const c of result.mfaCommands)
        flow.commands.push({ ...c, action: run.name, status: 'queued' });
      // "at most four enrollWith/enrollWithAny/challengeWith/challengeWithAny commands per user
      // flow. A fifth causes an authentication error" (§1.3).
      if (flow.commands.filter((c) => c.status !== 'ignored').length > MFA_COMMAND_CAP) {
        return fail(tx, `Too many MFA commands in the login flow (at most ${MFA_COMMAND_CAP}).`);
      }
    }
  }
  return undefined;
}
