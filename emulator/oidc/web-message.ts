/**
 * @module emulator/oidc/web-message
 * `response_mode=web_message` (silent authentication of Auth0's SPA SDK: `prompt=none` in a
 * hidden iframe, the answer posted to the parent window,
 * https://auth0.com/docs/authenticate/login/configure-silent-authentication). Auth0 answers in
 * this mode only to an origin listed in the application's "Allowed Web Origins"
 * (`web_origins`); callback URLs and "Allowed Origins (CORS)" do not count here (the stricter
 * reading; the wording of the refusal is unconfirmed on live). oidc-provider's
 * `webMessageResponseMode` (draft 01, Simple Mode) renders the page: it posts
 * `{type:'authorization_response', response}` to the redirect URI's origin, which is what the
 * SDK listens for.
 */
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';

export const WEB_MESSAGE = 'web_message';

function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Refuses a `web_message` request whose redirect URI's origin is not an Allowed Web Origin. */
export function checkWebMessageOrigin(context: EmulatorContext, ctx: KoaContextWithOIDC): void {
  const { params, client } = ctx.oidc;
  if (!client || !params || params.response_mode !== WEB_MESSAGE) return;
  const origin = originOf(params.redirect_uri);
  const record = context.tenant.clients.get(client.clientId);
  const allowed = (record?.web_origins ?? []).map(originOf);
  if (origin === undefined || !allowed.includes(origin)) {
    throw new errors.InvalidRequest(
      `The specified redirect_uri '${origin ?? ''}' does not have a registered origin.`,
    );
  }
}
