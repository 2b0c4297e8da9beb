/**
 * @module emulator/flow/continue
 * `/continue?state=`: resumes the flow suspended by `api.redirect.sendUserTo` in the same
 * Action's `exports.onContinuePostLogin(event, api)`, with a new `event.request` (the /continue
 * request in `env.request`: "A new event.request object is issued anytime an Action trigger is
 * suspended and then subsequently resumed", auth0-behaviour.md §1.1). Then the flow goes on.
 */
import { advance } from './advance.ts';
import type { FlowEnv } from './env.ts';
import { markPaused } from './pause.ts';
import { runAction } from './run-action.ts';
import type { FlowStep } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';

/**
 * Resumes after the redirect; undefined when the transaction is not waiting for `/continue`
 * (the route answers `invalid_request`, §1.3).
 */
export async function continueAfterRedirect(
  env: FlowEnv,
  tx: LoginTransaction,
): Promise<FlowStep | undefined> {
  const flow = engineState(tx).flow;
  const pending = flow.redirect;
  if (!pending || flow.phase !== 'actions') return undefined;
  flow.redirect = undefined;
  tx.addToTrail('flow', 'continue', { method: env.request.method });
  const failed = await runAction(env, tx, pending.actionIndex, 'onContinuePostLogin');
  if (failed) return failed;
  // The trigger was suspended: the next Action begins with refreshed methods (recordMethod).
  markPaused(tx);
  return advance(env, tx);
}
