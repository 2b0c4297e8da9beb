/**
 * @module emulator/login/first-factor-screen
 * What the first-factor screens (login, login-id, login-password, signup) share: being served
 * only until the first factor succeeds, and handing the user to the flow engine. Username +
 * password verification for login and login-password, with Auth0's log codes (`fu` unknown
 * user, `fp` wrong password, `f` blocked user, `limit_wc` brute-force block;
 * auth0-behaviour.md §3.3, §5.2), Bot Detection's CAPTCHA (§5.1) and the single alert New Universal Login shows for both wrong
 * user and wrong password.
 */
import { onFirstFactor } from '../flow/first-factor.ts';
import { emitLog } from '../flow/log.ts';
import { verifyPassword } from '../tenant/passwords.ts';
import type { UserRecord } from '../tenant/store.ts';
import type { ScreenError } from '../views/layout.ts';
import { isBlocked, recordPasswordFailure, resetPasswordFailures } from './attack-protection.ts';
import { captchaRequired, INVALID_CAPTCHA, verifyCaptcha } from './captcha.ts';
import { isBrowserRemembered } from './device.ts';
import type { ScreenName } from './screen-for-prompt.ts';
import {
  goTo,
  screenWhile,
  toCurrentStep,
  type ScreenHandler,
  type ScreenRequest,
} from './screen.ts';

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

/**
 * Brute-force block (§5.2). Text and code unconfirmed: the text is the one Auth0 is reported to
 * show; the code follows the Authentication API's `too_many_attempts`.
 */
export const BRUTE_FORCE_BLOCKED: ScreenError = {
  code: 'too-many-attempts',
  message:
    "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.",
};

/** Whether Bot Detection puts its CAPTCHA on this request's password screen (captcha.ts). */
export function needsCaptcha(r: ScreenRequest): boolean {
  return captchaRequired(r.deps.context.tenant, r.env.request.ip);
}

/**
 * The CAPTCHA check of a password POST, before the credentials are looked at (§5.1): undefined
 * when it passed or was not asked, else the alert to show. The refusal is logged as the failed
 * login (`f`) or sign-up (`fs`) it is, "Invalid captcha value" (log description unconfirmed on
 * live).
 */
export function captchaRefusal(
  r: ScreenRequest,
  log: 'f' | 'fs',
  userName: string,
): ScreenError | undefined {
  if (!needsCaptcha(r)) return undefined;
  if (verifyCaptcha(r.deps.context.tenant, r.tx.uid, r.body.captcha)) return undefined;
  emitLog(r.env, r.tx, log, { userName, description: 'Invalid captcha value' });
  return INVALID_CAPTCHA;
}

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
  const ip = r.env.request.ip;
  // A blocked IP + identifier is refused before the password is looked at, so even the right
  // password fails (§5.2). One `limit_wc` per refused attempt (unconfirmed: Auth0 may log once).
  if (isBlocked(tenant, ip, username)) {
    emitLog(r.env, r.tx, 'limit_wc', {
      user,
      description: `An IP address is blocked because it reached the maximum failed login attempts into a single account (${username}).`,
      details: { ip, identifier: username },
    });
    return { ok: false, error: BRUTE_FORCE_BLOCKED };
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    emitLog(r.env, r.tx, 'fp', { user, description: 'Wrong email or password.' });
    // The attempt that reaches the threshold still reads "Wrong email or password."; the block
    // applies from the next attempt on (unconfirmed).
    recordPasswordFailure(tenant, ip, username, tenant.connection.name);
    return { ok: false, error: WRONG_CREDENTIALS };
  }
  if (user.blocked) {
    emitLog(r.env, r.tx, 'f', { user, description: 'user is blocked' });
    return { ok: false, error: USER_BLOCKED };
  }
  resetPasswordFailures(tenant, ip, username);
  return { ok: true, user };
}

/**
 * A username + password POST of `/u/login` or `/u/login/password`: Bot Detection's CAPTCHA, then
 * the credentials, then the flow. Undefined when the login went on, else the alert to show.
 */
export async function passwordLogin(
  r: ScreenRequest,
  username: string,
  password: string,
): Promise<ScreenError | undefined> {
  const captcha = captchaRefusal(r, 'f', username);
  if (captcha) return captcha;
  const check = await checkCredentials(r, username, password);
  if (!check.ok) return check.error;
  await firstFactorSucceeded(r, check.user);
  return undefined;
}

/** The first factor succeeded: snapshot, Actions, MFA, finish (the engine, flow/advance.ts). */
export async function firstFactorSucceeded(r: ScreenRequest, user: UserRecord): Promise<void> {
  // A browser remembered for this user ("Remember this device for 30 days", device.ts) may skip
  // the end-of-flow MFA challenge (flow/mfa-evaluation.ts).
  if (isBrowserRemembered(r.deps.context.tenant, r.ctx, user.user_id)) r.tx.markBrowserRemembered();
  onFirstFactor(r.env, r.tx, user);
  await toCurrentStep(r);
}

/**
 * A screen served only while the transaction awaits the first factor (else the browser goes to
 * the current step): GET renders it with 200, POST is handled. When `elsewhere` names another
 * screen for the request (identifier-first off, no identifier yet), the browser goes there.
 */
export function firstFactorScreen<N extends ScreenName>(
  name: N,
  path: string,
  render: (r: ScreenRequest, status: number) => void,
  post: (r: ScreenRequest) => Promise<void> | void,
  elsewhere: (r: ScreenRequest) => ScreenName | undefined = () => undefined,
): ScreenHandler<N> {
  const unlessElsewhere =
    <A extends unknown[]>(serve: (r: ScreenRequest, ...args: A) => Promise<void> | void) =>
    async (r: ScreenRequest, ...args: A): Promise<void> => {
      const other = elsewhere(r);
      if (other) return goTo(r, other);
      await serve(r, ...args);
    };
  return screenWhile(
    name,
    path,
    (r) => (r.tx.awaitingFirstFactor ? true : undefined),
    unlessElsewhere((r, _awaiting: true, status: number) => render(r, status)),
    unlessElsewhere(post),
  );
}
