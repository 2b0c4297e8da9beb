/**
 * @module emulator/login/screens/login-password
 * `/u/login/password` (prompt `login-password`), the identifier-first second step.
 * POST `state`, `username`, `password`, `action` (auth0-behaviour.md §2.3).
 */
import type { ScreenError } from '../../views/layout.ts';
import { loginPasswordPage } from '../../views/login.ts';
import {
  redirect,
  screenContext,
  show,
  toCurrentStep,
  withState,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';
import {
  captchaRefusal,
  checkCredentials,
  firstFactorSucceeded,
  needsCaptcha,
} from '../first-factor-screen.ts';

const PATH = '/u/login/password';

function render(
  r: ScreenRequest,
  status: number,
  extra: { error?: ScreenError; fieldErrors?: Record<string, string> } = {},
) {
  show(
    r,
    'login-password',
    status,
    loginPasswordPage({
      ctx: screenContext(r),
      username: r.tx.identifier ?? '',
      editUrl: withState(r.pathOf('login-id'), r.tx.uid),
      signupUrl: withState(r.pathOf('signup'), r.tx.uid),
      captcha: needsCaptcha(r),
      ...extra,
    }),
  );
}

export const loginPassword: ScreenHandler<'login-password'> = {
  name: 'login-password',
  path: PATH,
  async get(r) {
    if (!r.tx.awaitingFirstFactor) return toCurrentStep(r);
    if (!r.tx.identifier) return redirect(r.ctx, withState(r.pathOf('login-id'), r.tx.uid));
    render(r, 200);
  },
  async post(r) {
    if (!r.tx.awaitingFirstFactor) return toCurrentStep(r);
    const username = r.tx.identifier ?? (r.body.username ?? '').trim();
    if (!username) return redirect(r.ctx, withState(r.pathOf('login-id'), r.tx.uid));
    r.tx.setIdentifier(username);
    const password = r.body.password ?? '';
    if (!password) return render(r, 400, { fieldErrors: { password: 'Password is required' } });
    const captcha = captchaRefusal(r, 'f', username);
    if (captcha) return render(r, 400, { error: captcha });
    const check = await checkCredentials(r, username, password);
    if (!check.ok) return render(r, 400, { error: check.error });
    await firstFactorSucceeded(r, check.user);
  },
};
