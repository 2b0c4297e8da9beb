/**
 * @module emulator/login/screens/signup
 * `/u/signup` (prompt `signup`): POST `email`, `password` (auth0-behaviour.md §2.3). Creates the
 * user in the database connection (`ss` / `fs` logs, §3.3) and logs them in for this transaction:
 * post-login runs "including authentication after signup" (§1.1).
 */
import { checkPasswordPolicy, createUser, isValidEmail, UserError } from '../../tenant/users.ts';
import type { ScreenError } from '../../views/layout.ts';
import { PASSWORD_POLICY_TEXT, signupPage } from '../../views/login.ts';
import { emitLog } from '../../flow/log.ts';
import { screenContext, screenUrl, show, type ScreenRequest } from '../screen.ts';
import {
  captchaRefusal,
  firstFactorScreen,
  firstFactorSucceeded,
  needsCaptcha,
} from '../first-factor-screen.ts';

/** Existing email. Auth0's Management API text (§3.4); whether UL shows it verbatim is unconfirmed. */
export const USER_EXISTS: ScreenError = {
  code: 'user-exists',
  message: 'The user already exists.',
};
export const PASSWORD_POLICY: ScreenError = {
  code: 'password-policy-not-conformant',
  message: PASSWORD_POLICY_TEXT,
};
const SIGNUP_FAILED: ScreenError = {
  code: 'invalid-signup',
  message: 'Something went wrong, please try again later',
};

function render(
  r: ScreenRequest,
  status: number,
  extra: { email?: string; error?: ScreenError; fieldErrors?: Record<string, string> } = {},
): void {
  show(
    r,
    'signup',
    status,
    signupPage({
      ctx: screenContext(r),
      loginUrl: screenUrl(r, 'login'),
      captcha: needsCaptcha(r),
      ...extra,
    }),
  );
}

export const signup = firstFactorScreen('signup', '/u/signup', render, async (r) => {
  const email = (r.body.email ?? '').trim();
  const password = r.body.password ?? '';
  const fail = (error: ScreenError | undefined, fieldErrors?: Record<string, string>) => {
    emitLog(r.env, r.tx, 'fs', {
      userName: email,
      description: error?.message ?? Object.values(fieldErrors ?? {})[0] ?? 'Failed signup',
    });
    render(r, 400, {
      email,
      ...(error ? { error } : {}),
      ...(fieldErrors ? { fieldErrors } : {}),
    });
  };
  if (!email) return fail(undefined, { email: 'Please enter an email address' });
  if (!isValidEmail(email)) return fail(undefined, { email: 'Email is not valid.' });
  if (!password) return fail(undefined, { password: 'Password is required' });
  // The rule is shown under the field, as New Universal Login does (no duplicate alert).
  if (checkPasswordPolicy(password)) return fail(undefined, { password: PASSWORD_POLICY_TEXT });
  // Bot Detection's CAPTCHA before the user is created (§5.1); logged once, as `fs`.
  const captcha = captchaRefusal(r, 'fs', email);
  if (captcha) {
    return render(r, 400, { email, error: captcha });
  }
  let user;
  try {
    user = await createUser(r.deps.context.tenant, {
      email,
      password,
      connection: r.deps.context.tenant.connection.name,
    });
  } catch (err) {
    if (err instanceof UserError && err.reason === 'user_exists') return fail(USER_EXISTS);
    if (err instanceof UserError && err.reason === 'password_policy') return fail(PASSWORD_POLICY);
    if (err instanceof UserError) return fail(SIGNUP_FAILED);
    throw err;
  }
  emitLog(r.env, r.tx, 'ss', { user });
  await firstFactorSucceeded(r, user);
});
