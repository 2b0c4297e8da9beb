/**
 * @module emulator/login/screens/first-factor
 * Username + password verification shared by `/u/login` and `/u/login/password`, with Auth0's
 * log codes (`fu` unknown user, `fp` wrong password, `f` blocked user; auth0-behaviour.md §3.3)
 * and the single alert New Universal Login shows for both wrong user and wrong password.
 */
import { verifyPassword } from '../../tenant/passwords.ts';
import type { UserRecord } from '../../tenant/store.ts';
import type { ScreenError } from '../../views/layout.ts';
import { advance, onFirstFactor } from '../flow.ts';
import { emitLog } from '../log.ts';
import { follow, type ScreenRequest } from '../screen.ts';

/** "Wrong email or password." — the same text for an unknown user and a wrong password. */
export const WRONG_CREDENTIALS: ScreenError = {
  code: 'wrong-credentials',
  message: 'Wrong email or password.',
};
/** Blocked users (`blocked: true`); Auth0's exact text is unconfirmed. */
export const USER_BLOCKED: ScreenError = {
  code: 'user-blocked',
  message: 'Your account has been blocked.',
};

export type PasswordCheck = { ok: true; user: UserRecord } | { ok: false; error: ScreenError };

/** Verifies the credentials and logs the failure, if any. */
export async function checkCredentials(
  r: ScreenRequest,
  username: string,
  password: string,
): Promise<PasswordCheck> {
  const tenant = r.deps.context.tenant;
  const user = tenant.findUserByEmail(username);
  if (!user) {
    emitLog(r.env, r.tx, 'fu', { userName: username, description: 'Wrong email or password.' });
    return { ok: false, error: WRONG_CREDENTIALS };
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    emitLog(r.env, r.tx, 'fp', { user, description: 'Wrong email or password.' });
    return { ok: false, error: WRONG_CREDENTIALS };
  }
  if (user.blocked) {
    emitLog(r.env, r.tx, 'f', { user, description: 'user is blocked' });
    return { ok: false, error: USER_BLOCKED };
  }
  return { ok: true, user };
}

/** The first factor succeeded: snapshot, Actions, MFA, finish (flow.ts). */
export async function firstFactorSucceeded(r: ScreenRequest, user: UserRecord): Promise<void> {
  onFirstFactor(r.env, r.tx, user);
  await follow(r, await advance(r.env, r.tx));
}

/** Whether the login screens still apply (the first factor is not done yet). */
export const awaitingFirstFactor = (r: ScreenRequest) => r.tx.flow.phase === 'first-factor';
