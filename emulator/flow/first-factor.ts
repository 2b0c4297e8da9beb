/**
 * @module emulator/flow/first-factor
 * Step 1: the first factor succeeded (login or sign-up) and the transaction takes its snapshot.
 * - `logins_count` += 1, `last_login`, `last_ip` (the logs schema: "Logins done with a valid
 *   username and password always increment this count, even if further steps … fail"). Whether
 *   `event.stats.logins_count` is 0 or 1 on the sign-up login is unconfirmed (§1.2): the
 *   incremented value is used.
 * - Then the snapshot: "When a login transaction begins, Auth0 Actions creates a static
 *   'snapshot' of the user's profile" (auth0-behaviour.md §1.4 item 1) — a deep clone, factors
 *   included — and the plan: the post-login bindings as they are now, in order.
 */
import { enrolledFactorsOf } from '../actions/event.ts';
import type { UserRecord } from '../tenant/store.ts';
import { nowIso, type FlowEnv } from './env.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import { confirmedFactorTypes } from './user-reads.ts';

export function onFirstFactor(env: FlowEnv, tx: LoginTransaction, user: UserRecord): void {
  const at = nowIso(env);
  user.logins_count += 1;
  user.last_login = at;
  user.last_ip = env.request.ip;
  const s = engineState(tx);
  s.userId = user.user_id;
  const snapshot = structuredClone(user);
  s.snapshot = snapshot;
  s.methods = [{ name: 'pwd', timestamp: at }];
  s.flow.view = {
    enrolledFactors: enrolledFactorsOf(snapshot.authenticators),
    methods: structuredClone(s.methods),
  };
  const plan = env.tenant.boundPostLoginActions().map(({ binding, action, version }) => ({
    bindingId: binding.id,
    actionId: action.id,
    versionId: version.id,
    name: action.name,
  }));
  s.flow.plan = plan;
  s.flow.phase = 'actions';
  tx.noteDecision({
    step: 'snapshot',
    readFrom: 'snapshot',
    enrolledFactors: confirmedFactorTypes(snapshot),
    outcome: 'taken',
    detail: `logins_count=${snapshot.logins_count}; ${plan.length} bound post-login Action(s)`,
  });
}
