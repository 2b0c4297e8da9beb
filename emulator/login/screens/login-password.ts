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
import { awaitingFirstFactor, checkCredentials, firstFactorSucceeded } from './first-factor.ts';

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
      editUrl: withState('/u/login/identifier', r.tx.uid),
      signupUrl: withState('/u/signup', r.tx.uid),
      ...extra,
    }),
  );
}

export const loginPassword: ScreenHandler = {
  path: '/u/login/password',
  async get(r) {
    if (!awaitingFirstFactor(r)) return toCurrentStep(r);
    if (!r.tx.identifier) return redirect(r.ctx, withState('/u/login/identifier', r.tx.uid));
    render(r, 200);
  },
  async post(r) {
    if (!awaitingFirstFactor(r)) return toCurrentStep(r);
    const username = r.tx.identifier ?? (r.body.username ?? '').trim();
    if (!username) return redirect(r.ctx, withState('/u/login/identifier', r.tx.uid));
    r.tx.identifier = username;
    const password = r.body.password ?? '';
    if (!password) return render(r, 400, { fieldErrors: { password: 'Password is required' } });
    const check = await checkCredentials(r, username, password);
    if (!check.ok) return render(r, 400, { error: check.error });
    await firstFactorSucceeded(r, check.user);
  },
};
