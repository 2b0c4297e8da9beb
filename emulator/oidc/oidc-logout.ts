/**
 * @module emulator/oidc/oidc-logout
 * `GET|POST /oidc/logout`, Auth0's OIDC RP-initiated logout
 * (https://auth0.com/docs/authenticate/login/logout/log-users-out-of-auth0, OpenID Connect
 * RP-Initiated Logout 1.0), listed as `end_session_endpoint` in discovery as Auth0 does for
 * tenants created since November 2023: `id_token_hint` (or `client_id`), `post_logout_redirect_uri`
 * (one of the application's Allowed Logout URLs, exactly), `state` (returned), `logout_hint`.
 * oidc-provider's end-session endpoint does the checks; this module gives it Auth0's pages:
 * - with a valid `id_token_hint` the session ends without a question: the page submits
 *   oidc-provider's logout form by itself and the browser goes on to `post_logout_redirect_uri`;
 * - without one, the user is asked to confirm (Auth0 shows a logout confirmation when it cannot
 *   tell which session to end; its wording is unconfirmed on live);
 * - with no `post_logout_redirect_uri`, a plain page says the user is logged out.
 * Unlike Auth0, oidc-provider also drops the grants (and their opaque access tokens) of the
 * applications in the session that hold no refresh token: the stricter choice.
 * Pages are self-contained (no external assets) and escape what they show.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

export const OIDC_LOGOUT_PATH = '/oidc/logout';

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/** `features.rpInitiatedLogout.logoutSource`. */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const hinted = typeof ctx.oidc.params?.id_token_hint === 'string';
  // Answering `logout=yes` is what ends the session (oidc-provider's confirm step).
  const yes = '<input type="hidden" form="op.logoutForm" name="logout" value="yes">';
  ctx.type = 'html';
  ctx.body = hinted
    ? page(
        'Logging out',
        `${form}${yes}<noscript><button type="submit" form="op.logoutForm">Continue</button></noscript>` +
          `<script>document.getElementById('op.logoutForm').submit();</script>`,
      )
    : page(
        'Log out',
        `<h1>Are you sure you want to log out?</h1>${form}` +
          '<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes</button>' +
          '<button type="submit" form="op.logoutForm">No</button>',
      );
  return Promise.resolve();
}

/** `features.rpInitiatedLogout.postLogoutSuccessSource`: no redirect URI was given. */
export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page('Logged out', '<p>You have been logged out.</p>');
  return Promise.resolve();
}
