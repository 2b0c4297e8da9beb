/**
 * @module emulator/login/screens/login-password
 * `/u/login/password` (prompt `login-password`), the identifier-first second step.
 * POST `state`, `username`, `password`, `action` (auth0-behaviour.md §2.3).
 */
import type { ScreenError } from '../../views/layout.ts';
import { loginPasswordPage } from '../../views/login.ts';
import { screenContext, screenUrl, show, type ScreenRequest } from '../screen.ts';
import { firstFactorScreen, needsCaptcha, passwordLogin } from '../first-factor-screen.ts';

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
      editUrl: screenUrl(r, 'login-id'),
      signupUrl: screenUrl(r, 'signup'),
      captcha: needsCaptcha(r),
      ...extra,
    }),
  );
}

export const loginPassword = firstFactorScreen(
  'login-password',
  '/u/login/password',
  render,
  async (r) => {
    const username = r.tx.identifier ?? (r.body.username ?? '').trim();
    r.tx.setIdentifier(username);
    const password = r.body.password ?? '';
    if (!password) return render(r, 400, { fieldErrors: { password: 'Password is required' } });
    const error = await passwordLogin(r, username, password);
    if (error) render(r, 400, { error });
  },
  // The identifier step first, unless this POST names the identifier itself.
  (r) => ((r.tx.identifier ?? (r.body.username ?? '').trim()) ? undefined : 'login-id'),
);
