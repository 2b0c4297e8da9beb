/**
 * @module emulator/views/mfa
 * MFA screens of New Universal Login (prompts `mfa`, `mfa-otp`, `mfa-webauthn`,
 * auth0-behaviour.md §2.4–2.5): browser-capability detection, OTP enrollment (QR and the
 * "Trouble Scanning?" code view) and challenge, device-biometrics enrollment and challenge, and
 * the factor pickers. Texts are Auth0's defaults (customize-text-elements). JavaScript is used
 * only where WebAuthn and capability detection need it.
 *
 * Stable selectors (documented for the harness):
 * - OTP secret on the code view: `#otp-secret` (also `[data-testid="otp-secret"]`), text only.
 * - QR image: `img#qr-code` (`data-otpauth-uri` is not exposed: the secret stays in the image).
 * - Code input: `input#code[name=code]`.
 */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import {
  actionButton,
  alertBox,
  copyableCode,
  copyCodeScript,
  esc,
  field,
  form,
  page,
  primaryButton,
  scriptJson,
  type ScreenContext,
  type ScreenModel,
} from './layout.ts';

/** Factor labels on the pickers (Auth0's default texts for these authenticators). */
export const FACTOR_LABELS: Record<string, { label: string; icon: string }> = {
  otp: { label: 'Google Authenticator or similar', icon: '#' },
  'webauthn-platform': { label: 'Fingerprint or Face Recognition', icon: '&#9673;' },
};

/** `/u/mfa-detect-browser-capabilities`: auto-submitting capability probe (§2.2). */
export function detectCapabilitiesPage(ctx: ScreenContext): string {
  const script = `(function () {
  var f = document.querySelector('form[data-form-primary="true"]');
  function set(name, value) { f.querySelector('input[name="' + name + '"]').value = String(value); }
  function done(platform) {
    set('webauthn-platform-available', platform);
    var a = f.querySelector('input[type=hidden][name=action]');
    a.disabled = false;
    f.submit();
  }
  set('js-available', true);
  var wa = typeof window.PublicKeyCredential !== 'undefined';
  set('webauthn-available', wa);
  set('is-brave', !!(navigator.brave && navigator.brave.isBrave));
  if (wa && typeof PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable === 'function') {
    PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(done, function () { done(false); });
  } else {
    done(false);
  }
})();`;
  return page({
    screen: 'mfa-detect-browser-capabilities',
    prompt: 'mfa',
    title: 'Verify Your Identity',
    description: 'Checking your browser…',
    tenantName: ctx.tenantName,
    body: form(
      ctx,
      `<input type="hidden" name="js-available" value="false">
<input type="hidden" name="webauthn-available" value="false">
<input type="hidden" name="is-brave" value="false">
<input type="hidden" name="webauthn-platform-available" value="false">
<input type="hidden" name="action" value="default" disabled>
<div class="spinner" aria-label="Loading"></div>
<noscript>${primaryButton('Continue')}</noscript>`,
    ),
    script,
  });
}

const codeField = (error?: string) =>
  field({
    id: 'code',
    name: 'code',
    label: 'Enter your one-time code',
    placeholder: 'Enter your one-time code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    autofocus: true,
    ...(error ? { error } : {}),
  });

/** "Try another method" as the OTP screens show it (`action=pick-authenticator`, §2.4). */
const pickOtherLink = (canPickOther: boolean) =>
  canPickOther
    ? `<p class="links">${actionButton('pick-authenticator', 'Try another method', 'button-link')}</p>`
    : '';

/** "Remember this device for 30 days", shown only when `allowRememberBrowser` allows it (§1.3). */
const rememberBrowserBox = (allow: boolean) =>
  allow
    ? `<label class="checkbox"><input type="checkbox" name="rememberBrowser" id="rememberBrowser" value="true"> Remember this device for 30 days</label>`
    : '';

/** `/u/mfa-otp-enrollment-qr`: QR code of the otpauth URI, `code`, "Trouble Scanning?". */
export function otpEnrollmentQrPage(
  m: ScreenModel & {
    qrDataUrl: string;
    canPickOther: boolean;
  },
): string {
  return page({
    screen: 'mfa-otp-enrollment-qr',
    prompt: 'mfa-otp',
    title: 'Secure Your Account',
    description:
      'Scan the QR Code below using your preferred authenticator app and then enter the provided one-time code below.',
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `<div class="qr"><img id="qr-code" alt="QR code" src="${esc(m.qrDataUrl)}"></div>
${codeField()}
${primaryButton('Continue')}
<p class="links">${actionButton('toggle-view', 'Trouble Scanning?', 'button-link')}</p>
${pickOtherLink(m.canPickOther)}`,
)}`,
  });
}

/** `/u/mfa-otp-enrollment-code`: the base32 secret as text (`#otp-secret`), "Copy code". */
export function otpEnrollmentCodePage(
  m: ScreenModel & {
    secret: string;
    canPickOther: boolean;
  },
): string {
  return page({
    screen: 'mfa-otp-enrollment-code',
    prompt: 'mfa-otp',
    title: 'Secure Your Account',
    description:
      'Manually enter the following code into your preferred authenticator app and then input the resulting code',
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${copyableCode('otp-secret', m.secret)}
${codeField()}
${primaryButton('Continue')}
<p class="links">${actionButton('toggle-view', 'Scan a QR code instead', 'button-link')}</p>
${pickOtherLink(m.canPickOther)}`,
)}`,
    script: copyCodeScript('otp-secret'),
  });
}

/** `/u/mfa-otp-challenge`: `code`, optional `rememberBrowser`, "Try another method". */
export function otpChallengePage(
  m: ScreenModel & {
    canPickOther: boolean;
    allowRememberBrowser: boolean;
  },
): string {
  return page({
    screen: 'mfa-otp-challenge',
    prompt: 'mfa-otp',
    title: 'Verify Your Identity',
    description: 'Check your preferred one-time password application for a code.',
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${codeField()}
${rememberBrowserBox(m.allowRememberBrowser)}
${primaryButton('Continue')}
${pickOtherLink(m.canPickOther)}`,
)}`,
  });
}

/** The fields a WebAuthn page script fills in before it posts (`response`, `action`). */
const WEBAUTHN_FIELDS = `<input type="hidden" name="response" value="">
<input type="hidden" name="action" value="default" disabled>`;

/** Browser helpers shared by the two WebAuthn scripts (base64url ⇄ ArrayBuffer, posting). */
const WEBAUTHN_HELPERS = `
  var form = document.querySelector('form[data-form-primary="true"]');
  function toBuf(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s), a = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) a[i] = bin.charCodeAt(i);
    return a.buffer;
  }
  function toB64u(buf) {
    if (!buf) return null;
    var a = new Uint8Array(buf), s = '';
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function post(action, response) {
    var a = form.querySelector('input[type=hidden][name=action]');
    a.disabled = false;
    a.value = action;
    form.querySelector('input[name=response]').value = response;
    form.submit();
  }
  function showError(err) {
    post('showError::' + JSON.stringify({ name: err && err.name, message: err && err.message }), '');
  }
  function creds(list) {
    return (list || []).map(function (c) { return { type: 'public-key', id: toBuf(c.id), transports: c.transports }; });
  }`;

/** `/u/mfa-webauthn-platform-enrollment` (auth0-behaviour.md §2.4). */
export function webauthnPlatformEnrollmentPage(
  m: ScreenModel & {
    publicKey: PublicKeyCredentialCreationOptionsJSON;
    canPickOther: boolean;
  },
): string {
  const script = webauthnScript(
    m.publicKey,
    `    var publicKey = {
      challenge: toBuf(opts.challenge),
      rp: opts.rp,
      user: { id: toBuf(opts.user.id), name: opts.user.name, displayName: opts.user.displayName },
      pubKeyCredParams: opts.pubKeyCredParams,
      timeout: opts.timeout,
      attestation: opts.attestation,
      authenticatorSelection: opts.authenticatorSelection,
      excludeCredentials: creds(opts.excludeCredentials),
      extensions: opts.extensions
    };
    navigator.credentials.create({ publicKey: publicKey }).then(function (cred) {
      post('default', JSON.stringify({
        id: cred.id,
        rawId: toB64u(cred.rawId),
        type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment,
        response: {
          clientDataJSON: toB64u(cred.response.clientDataJSON),
          attestationObject: toB64u(cred.response.attestationObject),
          transports: cred.response.getTransports ? cred.response.getTransports() : []
        },
        clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
      }));
    }, showError);`,
  );
  return page({
    screen: 'mfa-webauthn-platform-enrollment',
    prompt: 'mfa-webauthn',
    title: 'Log In Faster on This Device',
    description:
      "Trust this device? You can quickly and securely log in the next time using this device's fingerprint or face recognition.",
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${WEBAUTHN_FIELDS}
${primaryButton('Continue')}
${m.canPickOther ? actionButton('pick-authenticator', 'Try another method') : ''}
${actionButton('snooze-enrollment', 'Remind me later')}
${actionButton('refuse-add-device', 'Not on this device')}`,
)}`,
    script,
  });
}

/** `/u/mfa-webauthn-platform-challenge` (auth0-behaviour.md §2.4). */
export function webauthnPlatformChallengePage(
  m: ScreenModel & {
    publicKey: PublicKeyCredentialRequestOptionsJSON;
    canPickOther: boolean;
    allowRememberBrowser: boolean;
  },
): string {
  const script = webauthnScript(
    m.publicKey,
    `    var publicKey = {
      challenge: toBuf(opts.challenge),
      allowCredentials: creds(opts.allowCredentials),
      rpId: opts.rpId,
      userVerification: opts.userVerification,
      timeout: opts.timeout
    };
    var uvpa = PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable
      ? PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().catch(function () { return false; })
      : Promise.resolve(false);
    uvpa.then(function (available) {
      return navigator.credentials.get({ publicKey: publicKey }).then(function (cred) {
        post('default', JSON.stringify({
          id: cred.id,
          rawId: toB64u(cred.rawId),
          type: cred.type,
          authenticatorAttachment: cred.authenticatorAttachment,
          response: {
            clientDataJSON: toB64u(cred.response.clientDataJSON),
            authenticatorData: toB64u(cred.response.authenticatorData),
            signature: toB64u(cred.response.signature),
            userHandle: toB64u(cred.response.userHandle)
          },
          clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
          isUserVerifyingPlatformAuthenticatorAvailable: available
        }));
      });
    }).catch(showError);`,
  );
  return page({
    screen: 'mfa-webauthn-platform-challenge',
    prompt: 'mfa-webauthn',
    title: `Use fingerprint or face recognition to login ${m.ctx.clientName}`,
    description: "Press Continue and follow your device's steps to verify it's you.",
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${WEBAUTHN_FIELDS}
${rememberBrowserBox(m.allowRememberBrowser)}
${primaryButton('Continue')}
${m.canPickOther ? actionButton('pick-authenticator', 'Try another method') : ''}`,
)}`,
    script,
  });
}

/**
 * The page script of a WebAuthn screen: Continue (`action=default`) runs `ceremony` with the
 * options as `opts`; the other buttons submit the form as they are.
 */
function webauthnScript(publicKey: unknown, ceremony: string): string {
  return `(function () {${WEBAUTHN_HELPERS}
  var opts = ${scriptJson(publicKey)};
  form.addEventListener('submit', function (e) {
    var btn = e.submitter;
    if (!btn || btn.value !== 'default') return;
    e.preventDefault();
    btn.disabled = true;
${ceremony}
  });
})();`;
}

/**
 * The value a picker button posts for the factor at `index`: `<factor>::<index>`, as real pages
 * render it (a live tenant posted `email::1`: live-fidelity U17). What the index counts (the
 * position in the list, or the user's n-th enrollment of that factor) is unconfirmed on live:
 * here it is the position, and only the values rendered (or the bare factor, what ACUL posts)
 * are accepted (`login/screens/mfa-options.ts`).
 */
export const pickerValue = (factor: string, index: number): string => `${factor}::${index}`;

function factorList(factors: readonly string[]): string {
  return `<ul class="options">${factors
    .map((f, i) => {
      const l = FACTOR_LABELS[f] ?? { label: f, icon: '?' };
      return `<li><button type="submit" name="action" value="${esc(pickerValue(f, i))}" formnovalidate><span class="icon" aria-hidden="true">${l.icon}</span>${esc(l.label)}</button></li>`;
    })
    .join('\n')}</ul>`;
}

/** `/u/mfa-login-options`: the challenge picker (`action=<factor>::<index>`, §2.4). */
export function loginOptionsPage(
  m: ScreenModel & {
    factors: readonly string[];
  },
): string {
  return page({
    screen: 'mfa-login-options',
    prompt: 'mfa',
    title: 'Other Methods',
    description: 'Select a method to verify your identity',
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}${form(m.ctx, factorList(m.factors))}`,
  });
}

/** `/u/mfa-begin-enroll-options`: the enrollment picker (`action=<factor>::<index>`). */
export function beginEnrollOptionsPage(
  m: ScreenModel & {
    factors: readonly string[];
  },
): string {
  return page({
    screen: 'mfa-begin-enroll-options',
    prompt: 'mfa',
    title: 'Keep Your Account Safe',
    description: 'Add another authentication method.',
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}${form(m.ctx, factorList(m.factors))}`,
  });
}
