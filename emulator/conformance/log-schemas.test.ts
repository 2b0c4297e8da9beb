/**
 * Log conformance: REAL flows (a browser with a CDP virtual platform authenticator, the
 * unmodified auth0 SDK, Actions that throw or ask for factors the tenant lacks) fill a fresh
 * tenant's log, then every event, read back as `GET /api/v2/logs` returns it through the SDK,
 * must validate against Auth0's schema for its type (auth0-behaviour.md §3.3). Nothing here can
 * be tuned to pass: the schemas are Auth0's, the events come from the emulator's producers, and
 * every type the emulator declares must have been produced (or be listed, with the reason, as
 * having no producer — which a source scan keeps honest).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { BIOMETRIC_ACTION } from '../testing/biometric-action.ts';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { Management, ManagementClient } from 'auth0';
import { generate } from 'otplib';
import { test, expect } from '../testing/fixtures.ts';
import { PRIMARY, seedOtp } from '../testing/credentials.ts';
import {
  addPlatformAuthenticator,
  authorizeUrl,
  deployAction,
  deployPostLogin,
  exchange,
  showOtpSecret,
  watchCallback,
} from '../testing/login-helpers.ts';
import { rateLimitClock } from '../management/rate-limit.ts';
import {
  emulatorFetch,
  GOOD_PASSWORD,
  managementClient,
  uniqueEmail,
} from '../testing/management-client.ts';
import { LOG_TYPES, type LogType } from '../tenant/logs.ts';
import type { UserRecord } from '../tenant/store.ts';
import { loadSchemaDocument, logValidator, validateAllLogs } from '../testing/log-schema.ts';

const ALERT = '#prompt-alert';

/**
 * Declared types no code path of the emulator emits, and why. The source scan below fails as
 * soon as a producer appears, so this list cannot hide a type that is produced but not tested.
 */
const NOT_PRODUCED: Partial<Record<LogType, string>> = {
  fdu: 'DELETE /api/v2/users/{id} cannot fail once authorised: an unknown id is a 204 (Auth0 documents no 404), and the store has no failure mode',
};

/** A worker of its own, so the tenant holds exactly this file's events (far below the 1000 the API pages through). */
test.use({ emulatorConfig: { tenantName: 'log-conformance' } });

/** The Universal Login screens, as a user drives them. */
function ul(page: Page) {
  return {
    submit: () => page.locator(PRIMARY).click(),
    fill: (selector: string, value: string) => page.locator(selector).fill(value),
    alert: (code: string) => expect(page.locator(ALERT)).toHaveAttribute('data-error-code', code),
  };
}

test.describe('Tenant logs validate against Auth0 log schemas (auth0-log-schemas.json)', () => {
  test.afterEach(() => {
    rateLimitClock.now = () => Date.now();
  });

  test('should keep the vendored schemas identical to the shared reference copy', () => {
    const shared = new URL('../../../shared/docs/auth0-log-schemas.json', import.meta.url);
    test.skip(!statExists(shared), 'shared/docs is not checked out next to the repository');
    expect(loadSchemaDocument()).toEqual(loadSchemaDocument(shared));
  });

  test('should produce every declared log type from real flows, each valid for its schema', async ({
    page,
    emulator,
  }) => {
    test.slow();
    const tenant = emulator.context.tenant;
    const mgmt = managementClient(emulator); // client credentials through the SDK → seccft
    const screens = ul(page);
    const callback = watchCallback(page, emulator);
    // The application's callback URL, once the browser has arrived there.
    const arrived = () => callback.next();
    const open = (url: string) => page.goto(url);
    // A password login (`prompt=login`, no cookies) up to the first screen after /u/login.
    const logInAgain = async (email: string) => {
      await page.context().clearCookies();
      const started = await authorizeUrl(emulator, { prompt: 'login' });
      await open(started.url.href);
      await screens.fill('input#username', email);
      await screens.fill('input#password', GOOD_PASSWORD);
      await screens.submit();
      return started;
    };
    // The sign-up screen (`screen_hint=signup`) submitted with this email and a good password.
    const signUp = async (email: string) => {
      const started = await authorizeUrl(emulator, { screen_hint: 'signup' });
      await open(started.url.href);
      await screens.fill('input#email', email);
      await screens.fill('input#password', GOOD_PASSWORD);
      await screens.submit();
    };
    const authenticator = await addPlatformAuthenticator(page);
    // A ceremony without the UV flag is refused with `alert`; the same one with UV then passes.
    const refusedWithoutUv = async (alert: string) => {
      await authenticator.setBadUV(true);
      await screens.submit();
      await screens.alert(alert);
      await authenticator.setBadUV(false);
      await screens.submit();
    };
    deployAction(tenant, 'biometric-enrollment', BIOMETRIC_ACTION);
    const email1 = uniqueEmail('conf-bio');

    await test.step('sign-up, OTP enrollment, a refused then accepted biometric enrollment (ss, gd_*, s)', async () => {
      await signUp(email1);
      const secret = await showOtpSecret(page);
      await screens.fill('input#code', await generate({ secret }));
      await screens.submit();
      await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-enrollment\?state=/);
      // An attestation without the UV flag is refused: gd_webauthn_enrollment_failed.
      await refusedWithoutUv('webauthn-platform-enrollment-failed');
      expect((await arrived()).searchParams.get('code')).toBeTruthy();
    });

    await test.step('biometric challenge: a UV-less assertion fails, then succeeds (mfar, gd_webauthn_challenge_failed, gd_auth_failed, gd_auth_succeed)', async () => {
      const started = await logInAgain(email1);
      await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
      await refusedWithoutUv('webauthn-platform-challenge-failed');
      expect((await exchange(started, await arrived())).amr).toEqual(['mfa']);
    });

    const email2 = uniqueEmail('conf-otp');
    const user2 = await test.step('Management API writes through the SDK (sapi)', async () => {
      const created = await mgmt.users.create({
        connection: tenant.connection.name,
        email: email2,
        password: GOOD_PASSWORD,
      });
      await mgmt.users.update(created.user_id as string, {
        app_metadata: { biometrics: { enrolled: true } },
      });
      await mgmt.guardian.factors.set('otp', { enabled: true });
      await mgmt.tenants.settings.update({ customize_mfa_in_postlogin_action: true });
      return created;
    });

    await test.step('OTP challenge: a wrong code, then the right one (gd_start_auth, gd_auth_failed)', async () => {
      // No API enrolls an OTP authenticator; the store gets one as Universal Login would.
      const secret = seedOtp(tenant.users.get(user2.user_id as string) as UserRecord);
      const started = await logInAgain(email2);
      await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
      const code = await generate({ secret });
      await screens.fill('input#code', code === '000000' ? '111111' : '000000');
      await screens.submit();
      await screens.alert('invalid-code');
      await screens.fill('input#code', code);
      await screens.submit();
      expect((await exchange(started, await arrived())).amr).toEqual(['mfa']);
    });

    await test.step('OTP guesses until the per-user limit refuses (gd_otp_rate_limit_exceed)', async () => {
      await logInAgain(email2);
      await expect(page).toHaveURL(/\/u\/mfa-otp-challenge\?state=/);
      expect(await keepFailing(page, 'invalid-code', { code: '000000' })).not.toBe('invalid-code');
    });

    await test.step('password guesses until brute-force protection blocks (limit_wc)', async () => {
      const email = uniqueEmail('conf-brute');
      await mgmt.users.create({
        connection: tenant.connection.name,
        email,
        password: GOOD_PASSWORD,
      });
      await page.context().clearCookies();
      const started = await authorizeUrl(emulator, { prompt: 'login' });
      await open(started.url.href);
      const code = await keepFailing(page, 'wrong-credentials', {
        username: email,
        password: 'Wr0ng-password!',
      });
      expect(code).not.toBe('wrong-credentials');
    });

    await test.step('first-factor failures: wrong password, unknown user, blocked user (fp, fu, f)', async () => {
      await mgmt.users.update(user2.user_id as string, { blocked: true });
      await page.context().clearCookies();
      const started = await authorizeUrl(emulator, { prompt: 'login' });
      await open(started.url.href);
      for (const [username, password, code] of [
        [email1, 'Wr0ng-password!', 'wrong-credentials'],
        [uniqueEmail('conf-nobody'), GOOD_PASSWORD, 'wrong-credentials'],
        [email2, GOOD_PASSWORD, 'user-blocked'],
      ] as const) {
        await screens.fill('input#username', username);
        await screens.fill('input#password', password);
        await screens.submit();
        await screens.alert(code);
      }
    });

    await test.step('failed sign-ups: an existing email, a weak password (fs)', async () => {
      await signUp(email1);
      await screens.alert('user-exists');
      await screens.fill('input#email', uniqueEmail('conf-weak'));
      await screens.fill('input#password', 'short');
      await screens.submit();
      await expect(page.locator('span.ulp-input-error-message')).toBeVisible();
    });

    const email3 = uniqueEmail('conf-plain');
    const user3 = await mgmt.users.create({
      connection: tenant.connection.name,
      email: email3,
      password: GOOD_PASSWORD,
    });
    const loginFailsWith = async (description: RegExp) => {
      await logInAgain(email3);
      const cb = await arrived();
      expect(cb.searchParams.get('error')).toBe('access_denied');
      expect(cb.searchParams.get('error_description')).toMatch(description);
    };

    await test.step('an Action enrolls a factor the tenant has not enabled (w)', async () => {
      deployPostLogin(tenant, 'enroll-phone', "api.authentication.enrollWith({ type: 'phone' });");
      await loginFailsWith(/No usable MFA factor/);
    });

    await test.step('an Action enrolls a second factor without a challenge first (mfar)', async () => {
      seedOtp(tenant.users.get(user3.user_id as string) as UserRecord);
      deployPostLogin(
        tenant,
        'enroll-biometrics',
        "api.authentication.enrollWith({ type: 'webauthn-platform' });",
      );
      await loginFailsWith(/Challenge with at least one existing factor/);
    });

    await test.step('an Action denies the login (f)', async () => {
      deployPostLogin(tenant, 'deny', "api.access.deny('conformance: no entry');");
      await loginFailsWith(/conformance: no entry/);
    });

    await test.step('an Action that throws (actions_execution_failed)', async () => {
      deployAction(
        tenant,
        'throws',
        "exports.onExecutePostLogin = async () => { throw new Error('conformance: boom'); };",
      );
      await loginFailsWith(/conformance: boom/);
      tenant.bindings = [];
    });

    await test.step('unenrollment and deletion through the SDK (gd_unenroll, sdu)', async () => {
      const user1 = tenant.findUserByEmail(email1);
      await mgmt.users.authenticationMethods.deleteAll(user1?.user_id as string);
      await mgmt.users.delete(user3.user_id as string);
    });

    await test.step('a client-credentials exchange with a wrong secret (feccft)', async () => {
      const wrong = new ManagementClient({
        domain: emulator.context.domain,
        clientId: emulator.context.config.mgmt.clientId,
        clientSecret: 'not-the-secret',
        fetch: emulatorFetch(emulator),
        maxRetries: 0,
      });
      await expect(wrong.guardian.factors.list()).rejects.toThrow(/token request failed/);
    });

    await test.step('the Management API bucket runs dry (api_limit)', async () => {
      // Frozen clock: the bucket does not refill, so its size + 1 calls are one too many.
      const frozen = Date.now();
      rateLimitClock.now = () => frozen;
      try {
        let refused: unknown;
        for (let i = 0; i < 60 && !refused; i++) {
          refused = await mgmt.tenants.settings.get().then(
            () => undefined,
            (e: unknown) => e,
          );
        }
        expect(refused).toBeInstanceOf(Management.TooManyRequestsError);
      } finally {
        // A second later: the bucket is full again for the log read-back (afterEach restores).
        rateLimitClock.now = () => Date.now() + 1_000;
      }
    });

    const events = await test.step('every event validates as the SDK reads it', () =>
      validateAllLogs(emulator, mgmt));

    await test.step('every declared type was produced, except those without a producer', () => {
      const seen = new Set(events.map((e) => e.type));
      const declared = Object.keys(LOG_TYPES) as LogType[];
      const missing = declared.filter((t) => !seen.has(t) && !(t in NOT_PRODUCED));
      expect(missing, 'declared log types no flow produced').toEqual([]);
      expect(declared.filter((t) => t in NOT_PRODUCED && seen.has(t))).toEqual([]);
      // Every declared type has an Auth0 schema, and every produced type is declared.
      const schemas = logValidator().types;
      expect(declared.filter((t) => !schemas.includes(t))).toEqual([]);
      expect([...seen].filter((t) => !(t !== undefined && t in LOG_TYPES))).toEqual([]);
    });

    await test.step('the types listed as not produced have no producer in the emulator source', () => {
      const sources = emulatorSources(new URL('..', import.meta.url).pathname).filter(
        (f) => !f.endsWith('.test.ts') && !f.endsWith('/tenant/logs.ts'),
      );
      for (const type of Object.keys(NOT_PRODUCED)) {
        const producers = sources.filter((f) => readFileSync(f, 'utf8').includes(`'${type}'`));
        expect(
          producers,
          `${type} now has a producer: test it and drop it from NOT_PRODUCED`,
        ).toEqual([]);
      }
    });
  });
});

/**
 * POSTs the same wrong form to the current Universal Login screen (as its form would, with the
 * page's cookies) until the screen's error code changes — a protection kicked in — at most 15
 * times; returns the last error code.
 */
async function keepFailing(
  page: Page,
  code: string,
  form: Record<string, string>,
): Promise<string | undefined> {
  const url = new URL(page.url());
  const state = url.searchParams.get('state') ?? '';
  let seen: string | undefined = code;
  for (let i = 0; i < 15 && seen === code; i++) {
    const res = await page.request.post(url.href, { form: { state, action: 'default', ...form } });
    seen = /data-error-code="([^"]*)"/.exec(await res.text())?.[1];
  }
  return seen;
}

function statExists(url: URL): boolean {
  try {
    return statSync(url).isFile();
  } catch {
    return false;
  }
}

/** Every .ts file under a directory. */
function emulatorSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? emulatorSources(join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [join(dir, d.name)]
        : [],
  );
}
