/**
 * Device-biometrics challenge security (WebAuthn §7.2, auth0-behaviour.md §2.1): every forged,
 * replayed or degraded assertion is refused server-side with `gd_webauthn_challenge_failed` and
 * the login does not complete. The browser is real (Chromium + CDP virtual authenticator); the
 * credential is seeded so each test starts at `/u/mfa-webauthn-platform-challenge`.
 */
import { randomBytes } from 'node:crypto';
import type { Page, Request, Route } from '@playwright/test';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import {
  resetLoginSettings,
  PRIMARY,
  requireMfaAction,
  seedPlatformCredential,
  seedUser,
  virtualAuthenticator,
  type CdpAuthenticator,
} from '../testing/credentials.ts';
import { deployAction, exchange, logIn, uidOf, watchCallback } from '../testing/login-helpers.ts';
import type { UserRecord, WebAuthnPlatformAuthenticator } from '../tenant/store.ts';

test.beforeEach(({ emulator }) => resetLoginSettings(emulator));

const CHALLENGE = '/u/mfa-webauthn-platform-challenge';
const ALERT = '#prompt-alert';
const isChallengePost = (r: Request) => r.method() === 'POST' && r.url().includes(CHALLENGE);

interface Setup {
  auth: CdpAuthenticator;
  user: UserRecord;
  key: WebAuthnPlatformAuthenticator;
  callback: ReturnType<typeof watchCallback>;
}

async function setup(
  page: Page,
  emulator: Emulator,
  tag: string,
  opts: { signCount?: number; storedCounter?: number } = {},
): Promise<Setup> {
  deployAction(emulator.context.tenant, 'require-mfa', requireMfaAction(false));
  const auth = await virtualAuthenticator(page);
  const user = await seedUser(emulator, tag);
  const key = await seedPlatformCredential(emulator, auth, user, opts);
  return { auth, user, key, callback: watchCallback(page, emulator) };
}

/** Password login up to the biometric challenge. */
async function toChallenge(page: Page, emulator: Emulator, email: string) {
  const { started } = await logIn(page, emulator, email);
  await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
  return { started, uid: uidOf(page) };
}

/** `failure_details` of the transaction's `gd_webauthn_challenge_failed` events. */
function failures(emulator: Emulator, uid: string) {
  return emulator.context.tenant.logs
    .all()
    .filter((l) => l.transaction_id === uid && l.type === 'gd_webauthn_challenge_failed')
    .map((l) => l.details.failure_details as { errorCode: string; message: string });
}

/** The login did not complete: still on the challenge, with the failure alert, no `s`. */
async function expectRefused(page: Page, emulator: Emulator, uid: string) {
  await expect(page.locator(ALERT)).toHaveAttribute(
    'data-error-code',
    'webauthn-platform-challenge-failed',
  );
  await expect(page).toHaveURL(/\/u\/mfa-webauthn-platform-challenge\?state=/);
  const types = emulator.context.tenant.logs
    .all()
    .filter((l) => l.transaction_id === uid)
    .map((l) => l.type);
  expect(types).not.toContain('gd_auth_succeed');
  expect(types).not.toContain('s');
}

test.describe('WebAuthn challenge: refused assertions (gd_webauthn_challenge_failed)', () => {
  test('should refuse a replayed assertion in another transaction and after a new challenge', async ({
    page,
    emulator,
  }) => {
    const { user, callback } = await setup(page, emulator, 'replay');
    let captured: string | undefined;
    page.on('request', (r) => {
      if (isChallengePost(r)) captured = r.postData() ?? undefined;
    });

    // Login 1 succeeds; its form body is kept.
    const first = await toChallenge(page, emulator, user.email);
    await page.locator(PRIMARY).click();
    expect((await exchange(first.started, await callback.next())).amr).toEqual(['mfa']);
    await page.waitForURL((u) => !u.href.startsWith(emulator.origin));
    const replay = new URLSearchParams(captured);
    expect(replay.get('response')).toContain('authenticatorData');

    // Login 2: the same body, with this transaction's state, is refused (challenge mismatch).
    const second = await toChallenge(page, emulator, user.email);
    replay.set('state', second.uid);
    const res = await page.request.post(`${emulator.origin}${CHALLENGE}?state=${second.uid}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: replay.toString(),
      maxRedirects: 0,
    });
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain('data-error-code="webauthn-platform-challenge-failed"');
    expect(failures(emulator, second.uid)).toEqual([
      { errorCode: 'invalid_assertion', message: expect.stringMatching(/challenge/i) },
    ]);

    // Same transaction: an assertion the server never saw, replayed after the page issued a new
    // challenge, is refused too (challenges are single use).
    await page.reload();
    let held: string | undefined;
    await page.route(`**${CHALLENGE}*`, async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      held = route.request().postData() ?? undefined;
      return route.fulfill({ status: 204 });
    });
    await page.locator(PRIMARY).click();
    await expect.poll(() => held).toBeTruthy();
    await page.unroute(`**${CHALLENGE}*`);
    await page.reload();
    const late = await page.request.post(`${emulator.origin}${CHALLENGE}?state=${second.uid}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: held,
      maxRedirects: 0,
    });
    expect(late.status()).toBe(400);
    expect(failures(emulator, second.uid)).toHaveLength(2);
    // A genuine assertion still works.
    await page.reload();
    await page.locator(PRIMARY).click();
    expect((await exchange(second.started, await callback.next())).amr).toEqual(['mfa']);
  });

  test('should refuse an assertion whose clientDataJSON names a foreign origin, before the signature', async ({
    page,
    emulator,
  }) => {
    const { user } = await setup(page, emulator, 'origin');
    const { uid } = await toChallenge(page, emulator, user.email);
    await page.route(`**${CHALLENGE}*`, async (route: Route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      const form = new URLSearchParams(request.postData() ?? '');
      const response = JSON.parse(form.get('response') ?? '{}') as {
        response: { clientDataJSON: string };
      };
      const clientData = JSON.parse(
        Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'),
      ) as Record<string, unknown>;
      clientData.origin = 'https://evil.example.com';
      // The signature is kept: it no longer matches, but the origin check comes first.
      response.response.clientDataJSON = Buffer.from(JSON.stringify(clientData)).toString(
        'base64url',
      );
      form.set('response', JSON.stringify(response));
      return route.continue({ postData: form.toString() });
    });
    await page.locator(PRIMARY).click();
    await expectRefused(page, emulator, uid);
    const [failure] = failures(emulator, uid);
    expect(failure?.message).toMatch(/origin/i);
    expect(failure?.message).toContain('https://evil.example.com');
    expect(failure?.message).not.toMatch(/signature/i);
  });

  test('should refuse an assertion without user verification (isBadUV)', async ({
    page,
    emulator,
  }) => {
    const { user, auth, key } = await setup(page, emulator, 'bad-uv');
    const { uid } = await toChallenge(page, emulator, user.email);
    await auth.setBadUV(true);
    await page.locator(PRIMARY).click();
    await expectRefused(page, emulator, uid);
    expect(failures(emulator, uid)[0]?.message).toMatch(/user verification/i);
    expect(key.last_auth_at).toBeUndefined();
  });

  test('should refuse a credential the user does not have enrolled', async ({ page, emulator }) => {
    const { user, key } = await setup(page, emulator, 'unknown-cred');
    const { uid } = await toChallenge(page, emulator, user.email);
    // The authenticator is replaced server-side after the page was served: the browser still
    // answers with the old credential.
    key.credentialId = randomBytes(16).toString('base64url');
    await page.locator(PRIMARY).click();
    await expectRefused(page, emulator, uid);
    expect(failures(emulator, uid)).toEqual([
      {
        errorCode: 'unknown_credential',
        message: 'The credential is not enrolled for this user',
      },
    ]);
  });

  test('should refuse a signature counter that goes backwards (cloned authenticator)', async ({
    page,
    emulator,
  }) => {
    // The server last saw 100; the authenticator answers 1.
    const { user, key } = await setup(page, emulator, 'counter', {
      signCount: 0,
      storedCounter: 100,
    });
    const { uid } = await toChallenge(page, emulator, user.email);
    await page.locator(PRIMARY).click();
    await expectRefused(page, emulator, uid);
    expect(failures(emulator, uid)[0]?.message).toMatch(/counter/i);
    expect(key.counter).toBe(100);
  });
});
