/**
 * @module emulator/oidc/logout
 * `GET /v2/logout?returnTo=&client_id=` with Auth0's semantics
 * (https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout):
 * - with `client_id`, `returnTo` must be one of that application's Allowed Logout URLs;
 *   without it, one of the tenant's (`allowed_logout_urls` tenant setting);
 * - no `returnTo`: the first allowed URL of that list; none at all: a plain `OK` page;
 * - the Auth0 session of this browser ends; issued tokens stay valid (Auth0 does not revoke them).
 * A `returnTo` outside the list is refused with 400 and the session is kept: never an open redirect.
 * `/oidc/logout` (RP-initiated logout, oidc-logout.ts) is the standard one; this is Auth0's own.
 */
import type Provider from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import { queryParam, type RouteContext, type Router } from '../http/router.ts';
import { renderErrorPage } from './error-page.ts';

export const LOGOUT_PATH = '/v2/logout';

/** oidc-provider cookie names; the session cookie is named `auth0`, as Auth0's is. */
export const COOKIE_NAMES = {
  session: 'auth0',
  interaction: '_interaction',
  resume: '_interaction_resume',
};

function tenantLogoutUrls(context: EmulatorContext): string[] {
  const urls = context.tenant.settings.allowed_logout_urls;
  return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === 'string') : [];
}

function refuse(ctx: RouteContext, description: string): void {
  ctx.status = 400;
  renderErrorPage(ctx, { error: 'invalid_request', error_description: description });
}

/** Ends this browser's oidc-provider session and clears its cookie. */
async function endSession(ctx: RouteContext, provider: Provider): Promise<void> {
  const session = await provider.Session.get(ctx);
  if (session.accountId !== undefined || session.authorizations !== undefined)
    await session.destroy();
  ctx.cookies.set(COOKIE_NAMES.session, null, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
  });
}

/** Registers `GET /v2/logout`. `createProvider` does this itself; exported for a custom router. */
export function logoutRoutes(router: Router, context: EmulatorContext, provider: Provider): void {
  router.get(LOGOUT_PATH, async (ctx) => {
    const clientId = queryParam(ctx, 'client_id');
    const returnTo = queryParam(ctx, 'returnTo');
    let allowed: string[];
    if (clientId !== undefined) {
      const client = context.tenant.clients.get(clientId);
      // Unconfirmed wording; Auth0 answers an unknown client_id with an error page.
      if (!client) return refuse(ctx, `The client_id "${clientId}" does not exist.`);
      allowed = client.allowed_logout_urls;
    } else {
      allowed = tenantLogoutUrls(context);
    }
    if (returnTo !== undefined && !allowed.includes(returnTo)) {
      // Wording as Auth0's error page shows it (unconfirmed).
      return refuse(
        ctx,
        `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`,
      );
    }
    await endSession(ctx, provider);
    ctx.set('Cache-Control', 'no-store');
    const destination = returnTo ?? allowed[0];
    if (destination === undefined) {
      ctx.type = 'text/plain';
      ctx.body = 'OK';
      return;
    }
    // Exactly the registered URL (Koa's ctx.redirect would re-serialise it).
    ctx.status = 302;
    ctx.set('Location', destination);
  });
}
