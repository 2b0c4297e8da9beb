/**
 * The user-read seam (auth0-behaviour.md §1.4, design.md "EMULATOR_USER_READS"): each purpose
 * reads what Auth0 documents for it, and `fresh` replaces every snapshot read with the store —
 * checked for every purpose the engine declares, so a new one cannot escape the switch.
 */
import { test, expect } from '../testing/fixtures.ts';
import { enrollFactor, flowTestbed } from '../testing/drive-login.ts';
import { onFirstFactor } from './first-factor.ts';
import {
  DOCUMENTED_READS,
  factorsForNextAction,
  readUser,
  type UserReadPurpose,
} from './user-reads.ts';

const PURPOSES = Object.keys(DOCUMENTED_READS) as UserReadPurpose[];

/** A transaction past its first factor whose user changed in the store since the snapshot. */
async function changedSinceSnapshot(userReads: 'snapshot' | 'fresh') {
  const { env, newTx, newUser } = flowTestbed({ userReads });
  const user = await newUser();
  const tx = newTx();
  onFirstFactor(env, tx, user);
  user.app_metadata.changed = true;
  enrollFactor(user, 'otp');
  return { env, tx, user };
}

test.describe('User reads: snapshot, fresh and store (auth0-behaviour.md §1.4)', () => {
  test('should read the snapshot or the store as documented for each purpose', async () => {
    const { env, tx, user } = await changedSinceSnapshot('snapshot');
    for (const purpose of PURPOSES) {
      const read = readUser(env, tx, purpose);
      if (DOCUMENTED_READS[purpose] === 'store') {
        expect(read, purpose).toEqual({ user, from: 'store' });
      } else {
        expect(read?.from, purpose).toBe('snapshot');
        expect(read?.user.app_metadata, purpose).toEqual({});
        expect(read?.user.authenticators, purpose).toEqual([]);
      }
    }
  });

  test('should replace every snapshot read with the store in fresh mode', async () => {
    const { env, tx, user } = await changedSinceSnapshot('fresh');
    for (const purpose of PURPOSES) {
      const read = readUser(env, tx, purpose);
      expect(read?.user, purpose).toBe(user);
      expect(read?.from, purpose).toBe(DOCUMENTED_READS[purpose] === 'store' ? 'store' : 'fresh');
    }
  });

  test('should keep the factors from Action to Action and refresh them from the store after a pause', async () => {
    const snapshot = await changedSinceSnapshot('snapshot');
    expect(factorsForNextAction(snapshot.env, snapshot.tx, false)).toBeUndefined();
    expect(factorsForNextAction(snapshot.env, snapshot.tx, true)).toEqual({
      user: snapshot.user,
      from: 'store',
    });
    const fresh = await changedSinceSnapshot('fresh');
    expect(factorsForNextAction(fresh.env, fresh.tx, false)).toEqual({
      user: fresh.user,
      from: 'fresh',
    });
  });

  test('should read nothing before the first factor, and no store read for a deleted user', async () => {
    const { env, tenant, newTx, newUser } = flowTestbed();
    const tx = newTx();
    for (const purpose of PURPOSES) expect(readUser(env, tx, purpose), purpose).toBeUndefined();
    const user = await newUser();
    onFirstFactor(env, tx, user);
    tenant.users.delete(user.user_id);
    expect(readUser(env, tx, 'mfaCommand')).toBeUndefined();
    expect(readUser(env, tx, 'mfaEvaluation')?.from).toBe('snapshot');
  });
});
