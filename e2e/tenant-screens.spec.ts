/**
 * The journey against screens a real tenant can show (live-fidelity U20, R1, R2), on the
 * worker's embedded tenant set up through its Management API exactly as a tenant admin would,
 * then put back:
 * - the recovery code (`PUT /guardian/factors/recovery-code`) and the passkey offer
 *   (`PATCH /connections/{id}` options) are screens a user gets through: the journey completes
 *   with the documented verdicts;
 * - a CAPTCHA (`PATCH /attack-protection/bot-detection` `always`) and a failed WebAuthn ceremony
 *   are screens a user of the journey would not get past: the walker stops within 30 s with
 *   ONE error naming the screen, what it expected and the tenant setting to change.
 * Emulator target only: these settings are never changed on a live tenant.
 */
import type { ManagementClient } from 'auth0';
import { expect, test, type Journey, type RecordedLogin } from '../fixtures/index.ts';
import { UnexpectedScreenError } from '../fixtures/pages/universal-login.ts';

/** The walker's whole budget for one screen (fixtures/pages/screen-clock.ts). */
const SCREEN_BUDGET_MS = 30_000;

test.beforeEach(({ env }) => {
  test.skip(env.target !== 'emulator', 'changes tenant settings: embedded tenant only');
});

/** Runs `body` with a tenant setting changed, and puts it back whatever happens. */
async function withSetting(
  change: () => Promise<unknown>,
  restore: () => Promise<unknown>,
  body: () => Promise<void>,
): Promise<void> {
  await change();
  try {
    await body();
  } finally {
    await restore();
  }
}

/** The error a failing login ends with, and how long it took. */
async function failure(run: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

/**
 * The walker stopped ONE screen's budget after reaching `on`, with `code`, its message naming
 * the screen and each of `naming`.
 */
function expectStopped(
  error: unknown,
  ms: number,
  want: { code: string; on: string; naming: string[] },
): void {
  expect(error).toBeInstanceOf(UnexpectedScreenError);
  const stop = error as UnexpectedScreenError;
  expect(stop.code).toBe(want.code);
  expect(stop.seen.path).toBe(want.on);
  expect(stop.message).toContain(`unexpected screen ${want.on}`);
  for (const text of want.naming) expect(stop.message).toContain(text);
  expect(ms).toBeLessThan(SCREEN_BUDGET_MS);
}

/**
 * Login 1 (sign-up: not challenged), then login 2 (challenged), both with their documented
 * verdicts and the evidence attached; returns login 1.
 */
async function signUpThenLogIn(journey: Journey): Promise<RecordedLogin> {
  const login1 = await journey.login(1, 'signup', { expect: 'not-challenged' });
  await journey.markTestUser();
  await journey.logOut(1);
  const login2 = await journey.login(2, 'login', { expect: 'challenged' });
  await journey.attachEvidence('timelines and evidence table');
  for (const login of [login1, login2]) expect(login).toMatchDocumentedVerdict();
  return login1;
}

async function connectionOptions(management: ManagementClient) {
  const [connection] = (await management.connections.list()).data;
  if (!connection?.id) throw new Error('the embedded tenant has no connection');
  return { id: connection.id, options: connection.options ?? {} };
}

test.describe('The journey on screens a real tenant can show', () => {
  test('should get through the recovery code with the documented verdicts', async ({
    journey,
    management,
  }) => {
    await withSetting(
      () => management.guardian.factors.set('recovery-code', { enabled: true }),
      () => management.guardian.factors.set('recovery-code', { enabled: false }),
      async () => {
        const login1 = await signUpThenLogIn(journey);
        expect(login1.evidence.screens.map((s) => s.path)).toContain(
          '/u/mfa-recovery-code-enrollment',
        );
      },
    );
  });

  test('should decline the passkey offer with the documented verdicts', async ({
    journey,
    management,
  }) => {
    const { id, options } = await connectionOptions(management);
    await withSetting(
      () =>
        management.connections.update(id, {
          options: {
            ...options,
            authentication_methods: { password: { enabled: true }, passkey: { enabled: true } },
            passkey_options: { progressive_enrollment_enabled: true },
          },
        }),
      () => management.connections.update(id, { options }),
      async () => {
        const login1 = await signUpThenLogIn(journey);
        expect(login1.evidence.screens.map((s) => s.path)).toContain('/u/passkey-enrollment');
      },
    );
  });

  test('should stop on the CAPTCHA within 30 s, naming the screen and Bot Detection', async ({
    journey,
    management,
  }) => {
    const before = await management.attackProtection.botDetection.get();
    await withSetting(
      () =>
        management.attackProtection.botDetection.update({ challenge_password_policy: 'always' }),
      () =>
        management.attackProtection.botDetection.update({
          challenge_password_policy: before.challenge_password_policy ?? 'never',
        }),
      async () => {
        const { error, ms } = await failure(journey.login(1, 'signup'));
        expectStopped(error, ms, {
          code: 'captcha',
          on: '/u/signup',
          naming: ['Bot Detection', 'CAPTCHA to Never'],
        });
      },
    );
  });

  test('should stop on the WebAuthn error screen within 30 s, naming it and the factor setting', async ({
    journey,
    authenticator,
    page,
  }) => {
    // The device refuses user verification: the enrollment ceremony fails in the browser
    // (NotAllowedError), the page reports it (`showError::`) and the tenant shows its error.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.setUserVerified', {
      authenticatorId: authenticator.authenticatorId,
      isUserVerified: false,
    });
    // Timed from the error screen: the sign-up and the OTP enrollment before it take their time.
    const reached = page
      .waitForURL(/\/u\/mfa-webauthn-error\?/, { timeout: 120_000 })
      .then(() => Date.now());
    const { error } = await failure(journey.login(1, 'signup'));
    const ms = Date.now() - (await reached);
    await cdp.detach().catch(() => {});
    expectStopped(error, ms, {
      code: 'webauthn-error',
      on: '/u/mfa-webauthn-error',
      naming: [
        'the screen after /u/mfa-webauthn-platform-enrollment',
        'WebAuthn with Device Biometrics is enabled',
      ],
    });
  });
});
