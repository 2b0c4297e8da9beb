/**
 * @module emulator/oidc/error-page
 * The tenant error page a browser sees when `/authorize` (or `/v2/logout`) cannot continue,
 * modelled on Auth0's default error page ("Oops!, something went wrong", then the error code and
 * description; https://auth0.com/docs/customize/login-pages/custom-error-pages). Only the OAuth
 * `error` and `error_description` are shown: never a stack or internal message (oidc-provider
 * already masks non-exposed errors as `server_error`).
 */
import type { Context } from 'koa';
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Auth0's wording for errors its users commonly meet (unconfirmed beyond the callback one). */
function describe(out: Pick<ErrorOut, 'error' | 'error_description'>): string {
  if (out.error === 'invalid_redirect_uri') {
    return 'Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs.';
  }
  return out.error_description ?? '';
}

/** Writes the error page into `ctx` (status is left to the caller). */
export function renderErrorPage(
  ctx: Context,
  out: Pick<ErrorOut, 'error' | 'error_description'>,
): void {
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Error</title></head>
<body>
<main>
<h1>Oops!, something went wrong</h1>
<p id="error-code">${escapeHtml(out.error)}</p>
<p id="error-description">${escapeHtml(describe(out))}</p>
</main>
</body>
</html>`;
}

/** oidc-provider `renderError`. */
export function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  renderErrorPage(ctx, out);
}
