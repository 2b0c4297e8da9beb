/**
 * @module emulator/login/screens/login
 * `/u/login` (prompt `login`): identifier and password on one page, New Universal Login's
 * default for new tenants. POST `username`, `password`, `action=default` (auth0-behaviour.md §2.3).
 */
import { loginPage, type FirstFactorModel } from '../../views/login.ts';
import { screenContext, screenUrl, show, type ScreenRequest } from '../screen.ts';
import { firstFactorScreen, needsCaptcha, passwordLogin } from '../first-factor-screen.ts';

function render(r: ScreenRequest, status: number, extra: Partial<FirstFactorModel> = {}): void {
  const hint = typeof r.tx.params.login_hint === 'string' ? r.tx.params.login_hint : undefined;
  show(
    r,
    'login',
    status,
    loginPage({
      ctx: screenContext(r),
      signupUrl: screenUrl(r, 'signup'),
      captcha: needsCaptcha(r),
      ...(hint ? { username: hint } : {}),
      ...extra,
    }),
  );
}

export const login = firstFactorScreen('login', '/u/login', render, async (r) => {
  const username = (r.body.username ?? '').trim();
  const password = r.body.password ?? '';
  const fieldErrors: Record<string, string> = {};
  if (!username) fieldErrors.username = 'Please enter an email address';
  if (!password) fieldErrors.password = 'Password is required';
  if (Object.keys(fieldErrors).length) return render(r, 400, { username, fieldErrors });
  const error = await passwordLogin(r, username, password);
  if (error) render(r, 400, { username, error });
});
