/**
 * @module emulator/login/screens/login-identifier
 * `/u/login/identifier` (prompt `login-id`), used when the tenant's prompt setting
 * `identifier_first` is on; otherwise it forwards to `/u/login` (the OIDC side always starts
 * here, auth0-behaviour.md §2.3). POST `username` → `/u/login/password`.
 */
import { loginIdentifierPage } from '../../views/login.ts';
import { goTo, screenContext, screenUrl, show, type ScreenRequest } from '../screen.ts';
import { firstFactorScreen } from '../first-factor-screen.ts';

const identifierFirst = (r: ScreenRequest) =>
  r.deps.context.tenant.promptSettings.identifier_first === true;

function render(
  r: ScreenRequest,
  status: number,
  extra: { username?: string; fieldErrors?: Record<string, string> } = {},
): void {
  const hint = typeof r.tx.params.login_hint === 'string' ? r.tx.params.login_hint : undefined;
  const username = extra.username ?? r.tx.identifier ?? hint;
  show(
    r,
    'login-id',
    status,
    loginIdentifierPage({
      ctx: screenContext(r),
      signupUrl: screenUrl(r, 'signup'),
      ...(username ? { username } : {}),
      ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}),
    }),
  );
}

export const loginIdentifier = firstFactorScreen(
  'login-id',
  '/u/login/identifier',
  render,
  (r) => {
    const username = (r.body.username ?? '').trim();
    if (!username)
      return render(r, 400, {
        username,
        fieldErrors: { username: 'Please enter an email address' },
      });
    // The identifier is not checked here: the password step answers for both (no user enumeration).
    r.tx.setIdentifier(username);
    goTo(r, 'login-password');
  },
  (r) => (identifierFirst(r) ? undefined : 'login'),
);
