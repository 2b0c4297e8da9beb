/**
 * @module test-app/views
 * The test application's pages: small, stable structures the harness reads (`#claims`,
 * `[data-claim]`, `#error[data-error-code]`). ID token claims only, never raw tokens.
 */

const esc = (t: string) =>
  t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}pre{background:#f5f5f5;padding:8px}</style>
</head><body><h1>${esc(title)}</h1>${body}
<nav><a href="/">Home</a> · <a href="/signup">Sign up</a> · <a href="/login">Log in</a> · <a href="/logout">Log out</a></nav>
</body></html>`;
}

export function homePage(signedInAs: string | undefined): string {
  const who = signedInAs
    ? `<p id="session" data-signed-in="true">Signed in as ${esc(signedInAs)}</p>`
    : `<p id="session" data-signed-in="false">Not signed in</p>`;
  return layout('Biometric e2e test application', who);
}

export function claimsPage(claims: Record<string, unknown>): string {
  const rows = Object.entries(claims)
    .map(
      ([k, v]) =>
        `<tr data-claim="${esc(k)}"><th>${esc(k)}</th><td>${esc(JSON.stringify(v))}</td></tr>`,
    )
    .join('\n');
  return layout(
    'Logged in',
    `<table id="claims-table"><tbody>${rows}</tbody></table>
<pre id="claims">${esc(JSON.stringify(claims, null, 2))}</pre>`,
  );
}

export function errorPage(code: string, description: string | undefined): string {
  return layout(
    'Login failed',
    `<div id="error" role="alert" data-error-code="${esc(code)}"><code>${esc(code)}</code>${
      description ? `: <span id="error-description">${esc(description)}</span>` : ''
    }</div>`,
  );
}

export function notFoundPage(): string {
  return layout('Not found', '<p>No such page.</p>');
}
