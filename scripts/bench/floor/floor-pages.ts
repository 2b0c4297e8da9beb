/**
 * @module scripts/bench/floor/floor-pages
 * The navigation floor's static pages, built once from one template: a shared document head,
 * a Universal-Login-like `<main>` (heading, one form that posts to the page itself with the
 * `state` field) and, for the three pages that act on their own, one inline script. Each page
 * is served whole as one document (no extra request), like the journey's screens; the two
 * WebAuthn pages share one ceremony script that differs only by the call (`create` / `get`),
 * its options and the response fields it posts back.
 */

/** A whole HTML document; `script` (if any) runs inline at the end of the body. */
function documentHtml(title: string, body: string, script?: string): string {
  const tail = script ? `\n    <script>\n${script}\n    </script>` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
  </head>
  <body>
${body}${tail}
  </body>
</html>
`;
}

/** A tenant screen: `<main>` with its heading, any content, then its form. */
function screen(title: string, heading: string, content: string[], script?: string): string {
  const main = [`<h1>${heading}</h1>`, ...content].map((line) => `      ${line}`).join('\n');
  return documentHtml(`${title} | floor`, `    <main>\n${main}\n    </main>`, script);
}

/** The screen's form: posts to the page itself with `state`; the primary form when `primary`. */
function form(fields: string[], primary = true): string {
  const open = primary ? '<form method="POST" data-form-primary="true">' : '<form method="POST">';
  const lines = ['<input type="hidden" name="state" value="floor" />', ...fields];
  return [open, ...lines.map((line) => `  ${line}`), '</form>'].join('\n      ');
}

const CONTINUE = '<button type="submit" name="action" value="default">Continue</button>';

/** A labelled text-like input (`<label>` then `<input>`), as the journey's screens have them. */
function input(name: string, label: string, attributes: string): string[] {
  return [
    `<label for="${name}">${label}</label>`,
    `<input id="${name}" name="${name}" ${attributes} />`,
  ];
}

/**
 * The WebAuthn screens' script: on submit, runs `navigator.credentials[call]` with `options`
 * (JavaScript source: it draws random values in the page) and posts the credential's id and
 * the base64url of each `fields` of its response in the hidden `response` input.
 */
function ceremonyScript(call: 'create' | 'get', options: string, fields: string[]): string {
  return `      (function () {
        var form = document.querySelector('form');
        var b64u = function (buf) {
          var a = new Uint8Array(buf),
            s = '';
          for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
          return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
        };
        form.addEventListener('submit', function (e) {
          e.preventDefault();
          navigator.credentials.${call}({ publicKey: ${options} }).then(function (cred) {
            var response = { id: cred.id };
            ${JSON.stringify(fields)}.forEach(function (field) {
              response[field] = b64u(cred.response[field]);
            });
            form.querySelector('input[name=response]').value = JSON.stringify(response);
            form.submit();
          });
        });
      })();`;
}

const CREATE_OPTIONS = `{
            challenge: crypto.getRandomValues(new Uint8Array(32)),
            rp: { id: 'localhost', name: 'floor' },
            user: {
              id: crypto.getRandomValues(new Uint8Array(16)),
              name: 'floor@example.com',
              displayName: 'floor@example.com',
            },
            pubKeyCredParams: [
              { type: 'public-key', alg: -7 },
              { type: 'public-key', alg: -257 },
            ],
            authenticatorSelection: {
              authenticatorAttachment: 'platform',
              residentKey: 'required',
              userVerification: 'required',
            },
            timeout: 60000,
          }`;

const GET_OPTIONS = `{
            challenge: crypto.getRandomValues(new Uint8Array(32)),
            rpId: 'localhost',
            userVerification: 'required',
            timeout: 60000,
          }`;

/** Detect: reports whether a platform authenticator is there, then posts itself. */
const DETECT_SCRIPT = `      (function () {
        var f = document.querySelector('form');
        PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(function (ok) {
          f.querySelector('input[name="webauthn-platform-available"]').value = String(ok);
          f.submit();
        });
      })();`;

const RESPONSE = '<input type="hidden" name="response" value="" />';

const QR = [
  '<svg id="qr" width="160" height="160" viewBox="0 0 4 4" role="img" aria-label="QR code">',
  '  <rect width="4" height="4" fill="#fff" />',
  ...[
    [0, 0],
    [2, 1],
    [1, 2],
    [3, 3],
  ].map(([x, y]) => `  <rect x="${x}" y="${y}" width="1" height="1" />`),
  '</svg>',
].join('\n      ');

/** The floor's pages by name, each one whole document. */
export const floorPages = {
  signup: screen('Sign up', 'Create Your Account', [
    form([
      ...input('email', 'Email address', 'type="text" autocomplete="email"'),
      ...input('password', 'Password', 'type="password" autocomplete="new-password"'),
      CONTINUE,
    ]),
  ]),
  login: screen('Log in', 'Welcome', [
    form([
      ...input('username', 'Email address', 'type="text" autocomplete="username"'),
      ...input('password', 'Password', 'type="password" autocomplete="current-password"'),
      CONTINUE,
    ]),
  ]),
  detect: screen(
    'Verify Your Identity',
    'Verify Your Identity',
    [form(['<input type="hidden" name="webauthn-platform-available" value="false" />'])],
    DETECT_SCRIPT,
  ),
  otpQr: screen('Secure Your Account', 'Secure Your Account', [
    QR,
    form(
      [
        '<button type="submit" name="action" value="view-authenticator-values">',
        '  Trouble Scanning?',
        '</button>',
      ],
      false,
    ),
  ]),
  otpCode: screen('Secure Your Account', 'Secure Your Account', [
    '<p>Manually enter the following code into your preferred authenticator app:</p>',
    '<code id="secret">JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP</code>',
    form([
      ...input(
        'code',
        'Enter your one-time code',
        'type="text" inputmode="numeric" autocomplete="one-time-code"',
      ),
      CONTINUE,
    ]),
  ]),
  enroll: screen(
    'Log In Faster on This Device',
    'Log In Faster on This Device',
    [form([RESPONSE, CONTINUE])],
    ceremonyScript('create', CREATE_OPTIONS, ['clientDataJSON', 'attestationObject']),
  ),
  challenge: screen(
    'Use fingerprint or face recognition',
    'Use fingerprint or face recognition to login floor',
    [form([RESPONSE, CONTINUE])],
    ceremonyScript('get', GET_OPTIONS, ['clientDataJSON', 'authenticatorData', 'signature']),
  ),
  callback: documentHtml(
    'Callback | floor application',
    [
      '    <h1>Signed in</h1>',
      '    <pre id="claims">{"sub":"auth0|floor","email":"floor@example.com","amr":["mfa"]}</pre>',
      '    <p><a href="/logout">Log out</a></p>',
    ].join('\n'),
  ),
  home: documentHtml(
    'Floor application',
    [
      '    <h1>Floor application</h1>',
      '    <p id="session" data-signed-in="false">Not signed in</p>',
      '    <p><a href="/login">Log in</a> <a href="/signup">Sign up</a></p>',
    ].join('\n'),
  ),
} as const;
