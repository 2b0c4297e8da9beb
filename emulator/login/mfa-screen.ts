/**
 * @module emulator/login/mfa-screen
 * What the MFA prompt screens (`/u/mfa-otp-*`, `/u/mfa-webauthn-platform-*`) share: serving a
 * screen only while its prompt is pending, `gd_start_auth` / `gd_start_enroll` once per prompt,
 * the `gd_auth_failed` details, and a successful challenge (auth0-behaviour.md §2.4, §3.3).
 */
import { emitLog, guardianDetails } from '../flow/log.ts';
import { completePrompt } from '../flow/pause.ts';
import type { PromptView } from '../flow/transaction.ts';
import type { PromptFactor } from '../flow/transaction-state.ts';
import type { UserRecord, WebAuthnPlatformAuthenticator } from '../tenant/store.ts';
import { rememberBrowser } from './device.ts';
import type { ScreenName } from './screen-for-prompt.ts';
import {
  allowRememberBrowser,
  liveUser,
  promptFor,
  requestInfo,
  screenWhile,
  toCurrentStep,
  type ScreenHandler,
  type ScreenRequest,
} from './screen.ts';

/**
 * What a prompt screen does with each `action` its page posts (auth0-behaviour.md §2.4), keyed
 * by the action (`default` when the page posted none) or, for `name::detail` actions such as
 * `showError::{…}`, by `name::`. An action missing from the table is refused: the screen is
 * shown again with 400.
 */
export type PromptActions = Record<
  string,
  (r: ScreenRequest, prompt: PromptView, action: string) => Promise<void> | void
>;

/** The table key of a posted action: `name::` for `name::detail`, else the action itself. */
function actionKey(action: string): string {
  const sep = action.indexOf('::');
  return sep === -1 ? action : action.slice(0, sep + 2);
}

/**
 * A screen served only while its prompt is pending (else the browser goes to the current step):
 * GET renders it with 200, POST runs the handler of its `action`. `shownFor` names the screens
 * that show the same prompt (the two views of one enrollment), `alsoWhen` a further condition
 * of being served.
 */
export function promptScreen<N extends ScreenName>(
  name: N,
  path: string,
  render: (r: ScreenRequest, prompt: PromptView, status: number) => Promise<void> | void,
  actions: PromptActions,
  options: { shownFor?: readonly ScreenName[]; alsoWhen?: (r: ScreenRequest) => boolean } = {},
): ScreenHandler<N> {
  const pending = (r: ScreenRequest) =>
    options.alsoWhen && !options.alsoWhen(r) ? undefined : promptFor(r, options.shownFor ?? name);
  return screenWhile(name, path, pending, render, async (r, prompt) => {
    const action = r.body.action ?? 'default';
    const key = actionKey(action);
    // Own properties only: a posted `constructor` must not reach Object.prototype.
    if (!Object.hasOwn(actions, key)) return render(r, prompt, 400);
    await actions[key]?.(r, prompt, action);
  });
}

/** Whether the page offers "Try another method": another factor is usable (§2.4). */
export const canPickOther = (prompt: PromptView): boolean => prompt.factors.length > 1;

/**
 * The live user's device-biometrics keys: the confirmed ones (what a challenge accepts), or all
 * of them (what an enrollment must not register again).
 */
export function platformKeys(
  r: ScreenRequest,
  which: 'confirmed' | 'all',
): WebAuthnPlatformAuthenticator[] {
  return (liveUser(r)?.authenticators ?? []).filter(
    (a): a is WebAuthnPlatformAuthenticator =>
      a.type === 'webauthn-platform' && (which === 'all' || a.confirmed),
  );
}

/** Logs `gd_start_auth` / `gd_start_enroll` for the factor once per prompt. */
export function logStartOnce(
  r: ScreenRequest,
  type: 'gd_start_auth' | 'gd_start_enroll',
  user: UserRecord,
  authenticator: { id: string | null; type: PromptFactor },
): void {
  if (!r.tx.markFactorStarted(authenticator.type)) return;
  emitLog(r.env, r.tx, type, {
    user,
    details: guardianDetails(r.deps.context.tenant, user, authenticator),
  });
}

/** The `failure_details`, `request` and `response` of a `gd_auth_failed` entry (§3.3). */
export function authFailedDetails(
  r: ScreenRequest,
  strategy: PromptFactor,
  body: Record<string, string>,
  errorCode: string,
  message: string,
): Record<string, unknown> {
  const req = requestInfo({ ctx: r.ctx, deps: r.deps, body: r.body });
  return {
    failure_details: { errorCode, message },
    request: {
      auth: { scopes: [], strategy },
      body,
      ip: req.ip,
      method: req.method,
      path: req.path,
      query: r.ctx.querystring,
      userAgent: req.userAgent ?? '',
    },
    response: { statusCode: 400, body: { error: errorCode } },
  };
}

/**
 * A passed challenge: "Remember this device for 30 days" (honoured only when
 * `allowRememberBrowser` allowed it, §1.3), `gd_auth_succeed`, then the next step of the flow.
 */
export async function challengeSucceeded(
  r: ScreenRequest,
  user: UserRecord,
  authenticator: { id: string; type: PromptFactor },
): Promise<void> {
  const tenant = r.deps.context.tenant;
  const remember = r.body.rememberBrowser === 'true' && allowRememberBrowser(r);
  if (remember) rememberBrowser(tenant, r.ctx, user.user_id);
  emitLog(r.env, r.tx, 'gd_auth_succeed', {
    user,
    details: guardianDetails(tenant, user, authenticator, { remember_browser: remember }),
  });
  completePrompt(r.env, r.tx, authenticator.type, 'challenged');
  await toCurrentStep(r);
}
