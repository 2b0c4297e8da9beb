/**
 * Screens a real tenant can show (live-fidelity R1, R2; reliability §2(a)), served shaped like
 * Auth0's: the walker gets through where a user would (the recovery code after an enrollment,
 * the passkey offer after sign-up) and otherwise stops fast with ONE `UnexpectedScreenError`
 * naming the screen it saw (path and heading), the screen it expected and the tenant setting.
 */
import { CaptureRecorder } from '../helpers/capture/capture-recorder.ts';
import { Redactor } from '../helpers/report/redact.ts';
import { UnexpectedScreenError } from '../fixtures/pages/unexpected-screen-error.ts';
import {
  CONTINUE,
  deadOrigin,
  expect,
  test,
  ulScreen,
  walkerFor,
  USER,
} from './ul-screens-support.ts';

/** A made-up recovery code: 24 alphanumerics (auth0 docs: mfa-recovery-code text keys). */
const RECOVERY_CODE = 'Q7RK2M9XW4TB8NVC3HJL6PZD';
const LOGIN_PASSWORD = ulScreen(
  'Enter Your Password',
  `<input type="text" name="username" value="${USER.email}" readonly>
<input type="password" name="password" id="password">${CONTINUE}`,
);
const SIGNUP_ID = ulScreen(
  'Create Your Account',
  `<input type="text" name="email" id="email">${CONTINUE}`,
);
const SIGNUP_PASSWORD = ulScreen(
  'Create Your Account',
  `<input type="password" name="password" id="password">${CONTINUE}`,
);

/** The login screen ("Welcome"): username and password, then `extra` and the Continue button. */
function loginScreen(extra = ''): string {
  return ulScreen(
    'Welcome',
    `<input type="text" name="username" id="username"><input type="password" name="password" id="password">
${extra}${CONTINUE}`,
  );
}

/** Runs the walk and returns its error (it must fail) with the time it took. */
async function stopped(walk: Promise<void>): Promise<{ error: UnexpectedScreenError; ms: number }> {
  const started = Date.now();
  const error = await walk.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnexpectedScreenError);
  return { error: error as UnexpectedScreenError, ms: Date.now() - started };
}

test.describe('screens a real tenant can show', () => {
  test.setTimeout(45_000);

  test('should confirm the recovery code screen without ever keeping the code', async ({
    page,
    open,
  }) => {
    const path = '/u/mfa-recovery-code-enrollment';
    const tenant = await open(path, {
      [path]: {
        html: ulScreen(
          'Almost There!',
          `<p>Copy this recovery code and keep it somewhere safe.</p>
<div class="code" aria-label="Secure code to copy">${RECOVERY_CODE}</div>
<label><input type="checkbox" name="saved" id="saved"> I have safely recorded this number</label>${CONTINUE}`,
        ),
        // Auth0 refuses "Please confirm you have recorded the code" (`no-confirmation`).
        onPost: (form) => (form.saved === 'on' ? '/callback' : '/u/mfa-recovery-code-enrollment'),
      },
    });
    const redactor = new Redactor();
    const capture = new CaptureRecorder(
      { target: 'test', tenant: 'tenant.test', journey: { file: 'x', title: 'x', project: 'x' } },
      (t) => redactor.redact(t),
    );
    await walkerFor(page, tenant, { observer: capture }, redactor).complete('login 1', USER);
    expect(tenant.posted).toEqual([
      { path, form: { state: 'st-1', saved: 'on', action: 'default' } },
    ]);
    expect(redactor.redact(`code ${RECOVERY_CODE}`)).toBe('code [REDACTED:secret]');
    expect(capture.toJson()).not.toContain(RECOVERY_CODE);
    expect(capture.toJson()).toContain('"Almost There!"');
    for (const a of test.info().attachments) {
      expect(a.body?.toString('latin1') ?? '').not.toContain(RECOVERY_CODE);
    }
  });

  test('should decline the passkey offer after sign-up as a user would', async ({ page, open }) => {
    const tenant = await open('/u/signup/identifier', {
      '/u/signup/identifier': { html: SIGNUP_ID, onPost: () => '/u/passkey-enrollment' },
      '/u/passkey-enrollment': {
        html: ulScreen(
          'Create a passkey for Test App on this device',
          `<button type="submit" name="action" value="default" data-action-button-primary="true">Create a passkey</button>
<button type="submit" name="action" value="abort-passkey-enrollment">Continue without passkeys</button>`,
        ),
        onPost: (form) =>
          form.action === 'abort-passkey-enrollment'
            ? '/u/signup/password'
            : '/u/passkey-enrollment',
      },
      '/u/signup/password': { html: SIGNUP_PASSWORD },
    });
    await walkerFor(page, tenant).complete('login 1', USER);
    expect(tenant.posted.map((p) => [p.path, p.form.action])).toEqual([
      ['/u/signup/identifier', 'default'],
      ['/u/passkey-enrollment', 'abort-passkey-enrollment'],
      ['/u/signup/password', 'default'],
    ]);
    expect(tenant.posted[0]?.form.email).toBe(USER.email);
  });

  test('should stop on interstitial-captcha naming the screen, the one expected and Bot Detection', async ({
    page,
    open,
  }) => {
    const tenant = await open('/u/login/password', {
      '/u/login/password': { html: LOGIN_PASSWORD, onPost: () => '/u/interstitial-captcha' },
      '/u/interstitial-captcha': {
        html: ulScreen('Verify you are human', '<div class="ulp-captcha-container"></div>'),
      },
    });
    const { error, ms } = await stopped(walkerFor(page, tenant).complete('login 2', USER));
    expect(ms).toBeLessThan(30_000);
    expect(error.code).toBe('captcha');
    expect(error.seen).toEqual({
      path: '/u/interstitial-captcha',
      heading: 'Verify you are human',
    });
    expect(error.expected).toBe("the screen after /u/login/password or the application's callback");
    expect(error.message).toBe(
      `login 2: unexpected screen /u/interstitial-captcha ("Verify you are human") [captcha]; expected the screen after /u/login/password or the application's callback. tenant not ready: Bot Detection asks for a CAPTCHA: set Security › Attack Protection › Bot Detection › CAPTCHA to Never on the test tenant, or allow-list the runner's IP.`,
    );
  });

  test('should stop before typing anything on a login screen that asks for a captcha', async ({
    page,
    open,
  }) => {
    const tenant = await open('/u/login', {
      '/u/login': {
        html: loginScreen(
          '<img alt="captcha" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text" name="captcha" id="captcha">',
        ),
      },
    });
    const { error } = await stopped(walkerFor(page, tenant).complete('login 2', USER));
    expect(error.code).toBe('captcha');
    expect(error.expected).toBe('/u/login without a captcha field');
    expect(tenant.posted).toEqual([]);
    expect(await page.locator('#username').inputValue()).toBe('');
  });

  test('should log in past a hidden captcha input that asks the user nothing', async ({
    page,
    open,
  }) => {
    const tenant = await open('/u/login', {
      '/u/login': {
        html: loginScreen(
          '<input type="hidden" name="captcha"><div class="ulp-captcha-container" data-captcha-provider="auth0_v2"></div>',
        ),
      },
    });
    await walkerFor(page, tenant).complete('login 2', USER);
    expect(tenant.posted.map((p) => p.form.username)).toEqual([USER.email]);
  });

  test('should stop on mfa-webauthn-error naming the screen and what to check', async ({
    page,
    open,
  }) => {
    const path = '/u/mfa-webauthn-error';
    const tenant = await open(path, {
      [path]: {
        html: ulScreen(
          'Something Went Wrong',
          `<button type="submit" name="action" value="tryagain">Try again</button>
<button type="submit" name="action" value="pick-authenticator">Try another method</button>`,
        ),
      },
    });
    const { error } = await stopped(walkerFor(page, tenant).complete('login 1', USER));
    expect(error.code).toBe('webauthn-error');
    expect(error.seen).toEqual({ path, heading: 'Something Went Wrong' });
    expect(error.remedy).toContain('Relying Party ID');
    expect(tenant.posted).toEqual([]);
  });

  test('should stop on a screen it does not know, with its path, heading and the factor to turn off', async ({
    page,
    open,
  }) => {
    const path = '/u/mfa-sms-enrollment';
    const tenant = await open(path, {
      [path]: {
        html: ulScreen('Secure Your Account', `<input type="tel" name="phone">${CONTINUE}`),
      },
    });
    const { error, ms } = await stopped(walkerFor(page, tenant).complete('login 1', USER));
    expect(ms).toBeLessThan(30_000);
    expect(error.code).toBe('unknown-screen');
    expect(error.message).toContain(`unexpected screen ${path} ("Secure Your Account")`);
    expect(error.expected).toBe('the first Universal Login screen of login 1');
    expect(error.remedy).toContain('sms factor');
    expect(tenant.posted).toEqual([]);
  });

  test("should stop on Chrome's error page naming the tenant that did not answer", async ({
    page,
    open,
  }) => {
    const dead = await deadOrigin();
    const tenant = await open('/u/login/password', {
      '/u/login/password': { html: LOGIN_PASSWORD, onPost: () => `${dead}/u/mfa-otp-challenge` },
    });
    const { error, ms } = await stopped(walkerFor(page, tenant).complete('login 2', USER));
    expect(ms).toBeLessThan(30_000);
    expect(error.code).toBe('tenant-unreachable');
    expect(error.seen.path).toBe('chrome-error://chromewebdata/');
    expect(error.expected).toBe("the screen after /u/login/password or the application's callback");
    expect(error.remedy).toContain(
      `tenant not ready: ${dead} is unreachable (net::ERR_CONNECTION_REFUSED)`,
    );
  });
});
