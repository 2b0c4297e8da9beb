/**
 * @module emulator/flow/run-action
 * Step 2: the bound post-login Actions run one by one, in binding order (auth0-behaviour.md
 * §1.1), each in the `node:vm` runtime: refresh the factor view after a pause (`pause.ts`),
 * build the event (`action-event.ts`), run, record what the Action saw, apply its result
 * (`action-result.ts`). The same Action runs again in `onContinuePostLogin` at `/continue`.
 */
import { ActionCache } from '../actions/runtime.ts';
import type { AuthenticationMethod, EnrolledFactor } from '../actions/types.ts';
import { runtimeSlot } from '../tenant/runtime.ts';
import { buildEvent } from './action-event.ts';
import { applyResult } from './action-result.ts';
import { nowIso, type FlowEnv } from './env.ts';
import { refreshAfterPause } from './pause.ts';
import { AGAIN, type FlowStep, type StepOutcome } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import { readUser } from './user-reads.ts';

/** `api.cache` of each Action, kept by the tenant (reset with its runtime). */
const ACTION_CACHES = runtimeSlot('Action caches', () => new Map<string, ActionCache>());

const typesOf = (f: readonly EnrolledFactor[]) => [...new Set(f.map((x) => x.type))];
const methodNames = (m: readonly AuthenticationMethod[]) =>
  m.map((x) => ('type' in x ? `${x.name}:${x.type}` : x.name));

/** Pipeline step: runs the next bound Action while the trigger has some left. */
export async function nextAction(env: FlowEnv, tx: LoginTransaction): Promise<StepOutcome> {
  const flow = engineState(tx).flow;
  if (flow.phase !== 'actions' || flow.actionIndex >= (flow.plan?.length ?? 0)) return undefined;
  const index = flow.actionIndex;
  flow.actionIndex += 1;
  return (await runAction(env, tx, index, 'onExecutePostLogin')) ?? AGAIN;
}

/**
 * Runs the Action at `index` of the plan with `handler`; a step only when the login ends here.
 * `event.user` comes from the `eventProfile` read (the snapshot, §1.4 item 1).
 */
export async function runAction(
  env: FlowEnv,
  tx: LoginTransaction,
  index: number,
  handler: 'onExecutePostLogin' | 'onContinuePostLogin',
): Promise<FlowStep | undefined> {
  const s = engineState(tx);
  const planned = s.flow.plan?.[index];
  if (!planned || !s.snapshot) return undefined;
  const action = env.tenant.actions.get(planned.actionId);
  const version = action?.versions.find((v) => v.id === planned.versionId);
  if (!action || !version) {
    tx.addToTrail('action', planned.name, {
      skipped: 'Action or version deleted during the transaction',
    });
    return undefined;
  }
  refreshAfterPause(env, tx);
  const profile = readUser(env, tx, 'eventProfile');
  if (!profile) return undefined;
  const event = buildEvent(env, tx, profile);
  const caches = env.tenant.runtime.get(ACTION_CACHES);
  let cache = caches.get(action.id);
  if (!cache) caches.set(action.id, (cache = new ActionCache()));
  const result = await env.runAction({
    code: version.code,
    handler,
    event,
    secrets: Object.fromEntries(version.secrets.map((x) => [x.name, x.value])),
    cache,
    ...(env.now ? { now: env.now } : {}),
  });

  const resumed = handler === 'onContinuePostLogin';
  const saw = {
    enrolledFactors: typesOf(event.user.enrolledFactors ?? []),
    methods: methodNames(event.authentication.methods),
  };
  s.actionRuns.push({
    at: nowIso(env),
    action: action.name,
    actionId: action.id,
    versionId: version.id,
    outcome: result.outcome,
    ...(resumed ? { handler } : {}),
    saw: { ...saw, appMetadata: structuredClone(event.user.app_metadata) },
    commands: result.mfaCommands.length,
    ...(result.error ? { error: `${result.error.kind}: ${result.error.message}` } : {}),
    consoleLines: result.consoleLines,
  });
  tx.addToTrail('action', action.name, {
    outcome: result.outcome,
    ...(resumed ? { handler } : {}),
    readFrom: profile.from,
    ...saw,
    // Auth0 shows console output in the Actions logs (real-time logs), not in tenant logs.
    ...(result.consoleLines.length ? { console: result.consoleLines } : {}),
  });
  return applyResult(env, tx, { planned, name: action.name, index, resumed }, result);
}
