/**
 * @module emulator/login/screens/login-identifier
 * `/u/login/identifier` (prompt `login-id`), used when the tenant's prompt setting
 * `identifier_first` is on; otherwise it forwards to `/u/login` (the OIDC side always starts
 * here, auth0-behaviour.md §2.3). POST `username` → `/u/login/password`.
 */
import { loginIdentifierPage } from '../../views/login.ts';
import {
  redirect,
  screenContext,
  show,
  toCurrentStep,
  withState,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

const PATH = '/u/login/identifier';

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
      signupUrl: withState(r.pathOf('signup'), r.tx.uid),
      ...(username ? { username } : {}),
      ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}),
    }),
  );
}

export const loginIdentifier: ScreenHandler<'login-id'> = {
  name: 'login-id',
  path: PATH,
  async get(r) {
    if (!r.tx.awaitingFirstFactor) return toCurrentStep(r);
    if (!identifierFirst(r)) return redirect(r.ctx, withState(r.pathOf('login'), r.tx.uid));
    render(r, 200);
  },
  async post(r) {
    if (!r.tx.awaitingFirstFactor) return toCurrentStep(r);
    if (!identifierFirst(r)) return redirect(r.ctx, withState(r.pathOf('login'), r.tx.uid));
    const username = (r.body.username ?? '').trim();
    if (!username)
      return render(r, 400, {
        username,
        fieldErrors: { username: 'Please enter an email address' },
      });
    // The identifier is not checked here: the password step answers for both (no user enumeration).
    r.tx.setIdentifier(username);
    redirect(r.ctx, withState(r.pathOf('login-password'), r.tx.uid));
  },
};
