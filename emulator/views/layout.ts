/**
 * @module emulator/views/layout
 * The page shell of every Universal Login screen: an Auth0-like centered card, inline CSS
 * only, no external assets. Forms follow New Universal Login's markup that public guides and
 * automation rely on (auth0-behaviour.md §2.4): `form[data-form-primary="true"]` posting back
 * to its own URL with a hidden `state`, `button[name=action][value=default]` as the primary
 * button, `div#prompt-alert[data-error-code]` for errors and `span.ulp-input-error-message` for
 * field errors.
 */

/** HTML-escapes text for element content and double-quoted attributes. */
export function esc(value: string | number | boolean | undefined | null): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON for an inline `<script>`: `<`, `>` and `&` escaped so the payload cannot close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** What every screen knows about where it is. */
export interface ScreenContext {
  /** The interaction uid, posted back as `state`. */
  state: string;
  /** The path the form posts to (its own path). */
  path: string;
  /** Tenant friendly name (Dashboard › Settings). */
  tenantName: string;
  /** The application's name. */
  clientName: string;
}

/** An error shown in the alert box: Auth0's error code and text. */
export interface ScreenError {
  code: string;
  message: string;
}

/** What every screen's model holds: where it is, and the error its alert box shows, if any. */
export interface ScreenModel {
  ctx: ScreenContext;
  error?: ScreenError;
}

const CSS = `
*{box-sizing:border-box}
html,body{margin:0;padding:0;height:100%}
body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 background:#f3f3f5;color:#1e212a;display:flex;align-items:center;justify-content:center;min-height:100vh;font-size:14px}
main{width:100%;display:flex;justify-content:center;padding:24px 0}
.card{background:#fff;width:400px;max-width:calc(100vw - 24px);border-radius:5px;
 box-shadow:0 12px 40px rgba(0,0,0,.12);padding:40px 40px 32px}
header{text-align:center;margin-bottom:24px}
.logo{width:52px;height:52px;border-radius:50%;background:#635dff;color:#fff;display:inline-flex;
 align-items:center;justify-content:center;font-size:24px;font-weight:600;margin-bottom:20px}
h1{font-size:24px;font-weight:400;margin:0 0 12px}
.description{font-size:14px;line-height:1.5;color:#1e212a;margin:0}
.field{position:relative;margin:0 0 16px}
.field label{display:block;font-size:13px;color:#65676e;margin:0 0 6px}
.field input[type=text],.field input[type=email],.field input[type=password],.field input[inputmode=numeric]{
 width:100%;height:52px;border:1px solid #c9cace;border-radius:3px;padding:0 16px;font-size:16px;color:#1e212a;outline:none}
.field input:focus{border-color:#635dff;box-shadow:0 0 0 1px #635dff}
.field.invalid input{border-color:#d03c38}
.ulp-input-error-message{display:block;color:#d03c38;font-size:12px;margin-top:6px;line-height:1.4}
.checkbox{display:flex;align-items:center;gap:8px;margin:0 0 16px;font-size:14px}
#prompt-alert{background:#fff;border:1px solid #d03c38;color:#d03c38;border-radius:3px;padding:12px 16px;margin:0 0 16px;line-height:1.4}
button{font:inherit;cursor:pointer}
.button-primary{width:100%;height:52px;border:0;border-radius:3px;background:#635dff;color:#fff;font-size:16px;margin:8px 0 0}
.button-primary:hover{background:#5a54e6}
.button-secondary{width:100%;height:52px;border:1px solid #c9cace;border-radius:3px;background:#fff;color:#1e212a;font-size:16px;margin:12px 0 0}
.button-link{border:0;background:none;color:#635dff;padding:0;font-size:14px;font-weight:600}
.links{text-align:center;margin-top:20px;font-size:14px}
.links a,.links .button-link{color:#635dff;text-decoration:none;font-weight:600}
.divider{display:flex;align-items:center;text-align:center;color:#65676e;margin:20px 0 4px;font-size:12px}
.divider:before,.divider:after{content:"";flex:1;border-bottom:1px solid #c9cace}
.divider span{padding:0 10px}
.qr{display:flex;justify-content:center;margin:0 0 20px}
.qr img{width:200px;height:200px}
.secret{display:flex;gap:8px;align-items:center;margin:0 0 16px}
.secret code{flex:1;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:15px;letter-spacing:1px;
 border:1px solid #c9cace;border-radius:3px;padding:14px 12px;word-break:break-all;background:#fafafa}
.secret button{height:48px;padding:0 14px;border:1px solid #c9cace;border-radius:3px;background:#fff}
.identifier{display:flex;justify-content:space-between;align-items:center;border:1px solid #c9cace;border-radius:3px;padding:12px 16px;margin:0 0 16px}
.options{list-style:none;margin:0;padding:0}
.options li{margin:0 0 8px}
.options button{width:100%;display:flex;align-items:center;gap:14px;padding:14px 16px;border:1px solid #c9cace;
 border-radius:3px;background:#fff;text-align:left;font-size:15px;color:#1e212a}
.options button:hover{border-color:#635dff}
.icon{width:28px;height:28px;border-radius:50%;background:#eceaff;color:#635dff;display:inline-flex;align-items:center;justify-content:center;font-size:14px;flex:none}
.spinner{width:36px;height:36px;border:3px solid #eceaff;border-top-color:#635dff;border-radius:50%;margin:8px auto 0;animation:spin 0.9s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
footer{text-align:center;color:#65676e;font-size:12px;margin-top:16px}
`;

/**
 * A whole page.
 * @param opts.screen Auth0's screen name (auth0-behaviour.md §2.5), exposed as `data-screen`.
 * @param opts.body The card content below the header.
 * @param opts.script Inline script for WebAuthn and capability detection only.
 */
export function page(opts: {
  screen: string;
  prompt: string;
  title: string;
  description?: string;
  tenantName: string;
  body: string;
  script?: string;
}): string {
  const initial = (opts.tenantName.trim()[0] ?? 'A').toUpperCase();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(opts.title)} - ${esc(opts.tenantName)}</title>
<style>${CSS}</style>
</head>
<body>
<main data-prompt="${esc(opts.prompt)}" data-screen="${esc(opts.screen)}">
<section class="card">
<header>
<div class="logo" aria-hidden="true">${esc(initial)}</div>
<h1>${esc(opts.title)}</h1>
${opts.description ? `<p class="description">${esc(opts.description)}</p>` : ''}
</header>
${opts.body}
</section>
</main>
${opts.script ? `<script>${opts.script}</script>` : ''}
</body>
</html>`;
}

/**
 * A code to copy by hand (`<code id data-testid>`, text only) and its "Copy code" button; the
 * page's script is {@link copyCodeScript} of the same id.
 */
export function copyableCode(id: string, value: string, ariaLabel?: string): string {
  const label = ariaLabel === undefined ? '' : ` aria-label="${esc(ariaLabel)}"`;
  return `<div class="secret"><code id="${id}" data-testid="${id}"${label}>${esc(value)}</code>
<button type="button" id="copy-code" aria-label="Copy code">Copy code</button></div>`;
}

/** The script of a "Copy code" button (`#copy-code`): copies the text of `#<sourceId>`. */
export const copyCodeScript = (sourceId: string): string =>
  `document.getElementById('copy-code').addEventListener('click', function () {
  var t = document.getElementById('${sourceId}').textContent || '';
  if (navigator.clipboard) navigator.clipboard.writeText(t).catch(function () {});
});`;

/** The alert box (`div#prompt-alert[data-error-code]`), or nothing. */
export function alertBox(error: ScreenError | undefined): string {
  if (!error) return '';
  return `<div id="prompt-alert" role="alert" data-error-code="${esc(error.code)}"><p style="margin:0">${esc(error.message)}</p></div>`;
}

/** The primary form: posts to its own URL with the hidden `state`. */
export function form(ctx: ScreenContext, inner: string, attrs = ''): string {
  const action = `${ctx.path}?state=${encodeURIComponent(ctx.state)}`;
  return `<form method="POST" action="${esc(action)}" data-form-primary="true" ${attrs}>
<input type="hidden" name="state" value="${esc(ctx.state)}">
${inner}
</form>`;
}

/** The primary submit button: `button[name=action][value=default][type=submit][data-action-button-primary=true]`. */
export function primaryButton(text = 'Continue', extra = ''): string {
  return `<button type="submit" name="action" value="default" class="button-primary" data-action-button-primary="true" ${extra}>${esc(text)}</button>`;
}

/** A secondary action of the same form (`button[name=action][value=…]`), skipping field validation. */
export function actionButton(
  value: string,
  text: string,
  cls = 'button-secondary',
  extra = '',
): string {
  return `<button type="submit" name="action" value="${esc(value)}" class="${cls}" formnovalidate ${extra}>${esc(text)}</button>`;
}

/** A labelled input with its optional field error (`span.ulp-input-error-message`). */
export function field(opts: {
  id: string;
  name: string;
  label: string;
  type?: string;
  value?: string;
  placeholder?: string;
  autocomplete?: string;
  inputmode?: string;
  required?: boolean;
  autofocus?: boolean;
  error?: string;
  extra?: string;
}): string {
  const errId = `error-element-${opts.id}`;
  return `<div class="field${opts.error ? ' invalid' : ''}">
<label for="${esc(opts.id)}">${esc(opts.label)}<span aria-hidden="true">*</span></label>
<input class="input" id="${esc(opts.id)}" name="${esc(opts.name)}" type="${esc(opts.type ?? 'text')}"${
    opts.value !== undefined ? ` value="${esc(opts.value)}"` : ''
  }${opts.placeholder ? ` placeholder="${esc(opts.placeholder)}"` : ''}${
    opts.autocomplete ? ` autocomplete="${esc(opts.autocomplete)}"` : ''
  }${opts.inputmode ? ` inputmode="${esc(opts.inputmode)}"` : ''}${opts.required !== false ? ' required' : ''}${
    opts.autofocus ? ' autofocus' : ''
  } autocapitalize="none" spellcheck="false"${opts.error ? ` aria-invalid="true" aria-describedby="${errId}"` : ''}${
    opts.extra ? ` ${opts.extra}` : ''
  }>
${opts.error ? `<span id="${errId}" class="ulp-input-error-message">${esc(opts.error)}</span>` : ''}
</div>`;
}

/** The 400 page for an unknown, expired or tampered `state` (never a stack trace). */
export function errorPage(opts: {
  title: string;
  message: string;
  code: string;
  tenantName: string;
}): string {
  return page({
    screen: 'error',
    prompt: 'error',
    title: opts.title,
    tenantName: opts.tenantName,
    body: `${alertBox({ code: opts.code, message: opts.message })}
<footer>If the problem persists, start the login again from the application.</footer>`,
  });
}
