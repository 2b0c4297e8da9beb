/**
 * @module emulator/flow/user-reads
 * The one place that decides what a read of the user sees during a login transaction. Every
 * read the flow engine makes names its purpose; each purpose reads what Auth0 documents for it
 * (auth0-behaviour.md):
 * - `eventProfile` — snapshot: `event.user` is "a static 'snapshot'" of the profile (§1.4 (1));
 * - `mfaEvaluation` — snapshot: the evaluation "references the original data snapshot" (§1.4 (1));
 * - `loginStats` — snapshot: the `s` event's `stats.loginsCount`, as the transaction began;
 * - `factorsAfterPause` — store: `enrolledFactors` "will be updated when Action 2 runs" (§1.4 (2));
 * - `mfaCommand` — store: enrollWith ignores "a factor the user already enrolled" (§1.3).
 *
 * `EMULATOR_USER_READS=fresh` (design.md, the hypothetical fixed platform) turns every snapshot
 * read into a read of the store: by construction, since no other module chooses a source.
 */
import { enrolledFactorsOf } from '../actions/event.ts';
import type { UserRecord } from '../tenant/store.ts';
import type { FlowEnv } from './env.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import type { ReadFrom } from './transaction-state.ts';

/** What Auth0 documents each read of the engine to see (table above). */
export const DOCUMENTED_READS = {
  eventProfile: 'snapshot',
  mfaEvaluation: 'snapshot',
  loginStats: 'snapshot',
  factorsAfterPause: 'store',
  mfaCommand: 'store',
} as const satisfies Record<string, 'snapshot' | 'store'>;

export type UserReadPurpose = keyof typeof DOCUMENTED_READS;

/** A read of the user: the record seen and where it came from. */
export interface UserRead {
  user: UserRecord;
  from: ReadFrom;
}

/**
 * The transaction's user in the store now (the "database"), or undefined when the transaction
 * has no user yet or the user was deleted. Writes (metadata, logins_count) go here.
 */
export function liveUser(env: FlowEnv, tx: LoginTransaction): UserRecord | undefined {
  return tx.userId ? env.tenant.users.get(tx.userId) : undefined;
}

/**
 * Reads the user for a purpose: the store for store reads, the start-of-transaction snapshot
 * for snapshot reads, except in `fresh` mode where the store replaces the snapshot. Undefined
 * when there is nothing to read (no first factor yet, or a store read of a deleted user).
 */
export function readUser(
  env: FlowEnv,
  tx: LoginTransaction,
  purpose: UserReadPurpose,
): UserRead | undefined {
  const live = liveUser(env, tx);
  if (DOCUMENTED_READS[purpose] === 'store')
    return live ? { user: live, from: 'store' } : undefined;
  if (env.userReads === 'fresh' && live) return { user: live, from: 'fresh' };
  const snapshot = engineState(tx).snapshot;
  return snapshot ? { user: snapshot, from: 'snapshot' } : undefined;
}

/**
 * Whose factors the Action that begins now sees in `event.user.enrolledFactors`: the snapshot's
 * are kept from Action to Action, "only updated when an Action first begins" after an
 * enrollment or challenge pause, and then read from the store (§1.4 item 2). In fresh mode the
 * store's, at every Action. Undefined: the Action sees what the previous one saw.
 */
export function factorsForNextAction(
  env: FlowEnv,
  tx: LoginTransaction,
  afterPause: boolean,
): UserRead | undefined {
  const live = liveUser(env, tx);
  if (env.userReads === 'fresh' && live) return { user: live, from: 'fresh' };
  if (!afterPause) return undefined;
  return readUser(env, tx, 'factorsAfterPause') ?? readUser(env, tx, 'eventProfile');
}

/** Confirmed factor types of a user record (store or snapshot), without duplicates. */
export function confirmedFactorTypes(user: UserRecord): string[] {
  return [...new Set(enrolledFactorsOf(user.authenticators).map((f) => f.type))];
}
