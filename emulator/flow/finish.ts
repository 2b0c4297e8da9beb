/**
 * @module emulator/flow/finish
 * Last step: the login succeeds. `amr: ['mfa']` exactly when an MFA challenge (not merely an
 * enrollment) was passed in this transaction — the harness's contract; whether Auth0 adds `mfa`
 * after an enrollment-only login is unconfirmed. Logs `s` once (`ss` was logged at sign-up) and
 * hands Universal Login the account and the Actions' custom claims for the tokens.
 */
import type { FlowEnv } from './env.ts';
import { emitLog } from './log.ts';
import { fail, type FlowStep } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import { readUser } from './user-reads.ts';

export function finish(env: FlowEnv, tx: LoginTransaction): FlowStep {
  const s = engineState(tx);
  const flow = s.flow;
  if (!s.userId) return fail(tx, 'No user in the transaction.');
  const amr = s.challengedInTx.length > 0 ? ['mfa'] : [];
  // Logged once, even if the browser comes back before the authorization resumes.
  if (flow.phase !== 'finishing' && flow.phase !== 'done') {
    flow.phase = 'finishing';
    s.amr = amr;
    emitLog(env, tx, 's', {
      details: {
        prompts: [],
        initiatedAt: Date.parse(s.createdAt),
        completedAt: Date.now(),
        stats: { loginsCount: readUser(env, tx, 'loginStats')?.user.logins_count ?? null },
        amr,
      },
    });
    tx.addToTrail('flow', 'finish', { amr });
  }
  return {
    kind: 'finish',
    accountId: s.userId,
    amr,
    idTokenClaims: { ...flow.idTokenClaims },
    accessTokenClaims: { ...flow.accessTokenClaims },
  };
}
