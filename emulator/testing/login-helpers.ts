/**
 * @module emulator/testing/login-helpers
 * Helpers for the Universal Login tests: deploy an Action straight into the tenant, start a
 * login as the test application would (openid-client, PKCE), exchange the code, and give a
 * page a CDP virtual platform authenticator (environment.md "WebAuthn in Chromium through CDP").
 */
import type { Page } from '@playwright/test';
import * as client from 'openid-client';
import type { Emulator } from '../app.ts';
import type { LogEvent, LogType } from '../tenant/logs.ts';
import type { Tenant } from '../tenant/store.ts';
import { PASSWORD, PRIMARY, virtualAuthenticator } from './credentials.ts';
import { expect } from './fixtures.ts';
import { discoverClient } from './oidc-client.ts';
import { postLoginCode } from './run-action.ts';

/** The seeded application's callback URL (served by the test fixture's application). */
export const redirectUri = (emulator: Emulator): string =>
  emulator.context.config.app.callbackUrls[0] as string;

/** Creates, deploys and binds (as the only post-login binding) an Action with this code. */
export function deployAction(
  tenant: Tenant,
  name: string,
  code: string,
  opts: { append?: boolean } = {},
): string {
  const now = new Date().toISOString();
  const id = `act-${name}-${Math.random().toString(36).slice(2, 10)}`;
  const versionId = `${id}-v1`;
  tenant.actions.set(id, {
    id,
    name,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code,
    runtime: 'node22',
    dependencies: [],
    secrets: [],
    status: 'built',
    created_at: now,
    updated_at: now,
    built_at: now,
    deployed_version_id: versionId,
    all_changes_deployed: true,
    versions: [
      {
        id: versionId,
        action_id: id,
        number: 1,
        code,
        runtime: 'node22',
        dependencies: [],
        secrets: [],
        deployed: true,
        status: 'built',
        created_at: now,
        updated_at: now,
        built_at: now,
      },
    ],
  });
  const binding = {
    id: `bind-${id}`,
    trigger_id: 'post-login' as const,
    action_id: id,
    display_name: name,
    created_at: now,
    updated_at: now,
  };
  tenant.bindings = opts.append ? [...tenant.bindings, binding] : [binding];
  return id;
}

/** Deploys, as the only post-login binding, an Action whose `onExecutePostLogin` runs `body`. */
export function deployPostLogin(tenant: Tenant, name: string, body: string): string {
  return deployAction(tenant, name, postLoginCode(body));
}

export interface StartedLogin {
  url: URL;
  config: client.Configuration;
  verifier: string;
  state: string;
  nonce: string;
}

/** Builds `/authorize` for the seeded test application (code + PKCE). */
export async function authorizeUrl(
  emulator: Emulator,
  extra: Record<string, string> = {},
): Promise<StartedLogin> {
  const config = await discoverClient(emulator);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(emulator),
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, config, verifier, state, nonce };
}

/** The transaction (`state`) of the Universal Login screen the page is on. */
export const uidOf = (page: Page) => new URL(page.url()).searchParams.get('state') ?? '';

/** The tenant logs of one transaction, of one type or of every type. */
export const logsOf = (emulator: Emulator, uid: string, type?: LogType): LogEvent[] =>
  emulator.context.tenant.logs
    .all()
    .filter((l) => l.transaction_id === uid && (type === undefined || l.type === type));

/** `/authorize` (`prompt=login`) → `/u/login`; returns the login and the transaction's state. */
export async function openLogin(page: Page, emulator: Emulator) {
  const started = await authorizeUrl(emulator, { prompt: 'login' });
  await page.goto(started.url.href);
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  return { started, uid: uidOf(page) };
}

/** Password login (`prompt=login`, cookies kept) up to the first screen after `/u/login`. */
export async function logIn(page: Page, emulator: Emulator, email: string, password = PASSWORD) {
  const { started, uid } = await openLogin(page, emulator);
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(password);
  await page.locator(PRIMARY).click();
  return { started, uid };
}

/**
 * Exchanges the callback's code for tokens with the login's own PKCE verifier, checking its
 * `state` and `nonce` (openid-client's `authorizationCodeGrant`).
 */
export function codeGrant(
  started: Pick<StartedLogin, 'config' | 'verifier' | 'state' | 'nonce'>,
  callback: URL,
) {
  return client.authorizationCodeGrant(started.config, callback, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
}

/**
 * `/authorize` (`screen_hint=signup`) → `/u/signup`, submitted with `email` and the test
 * password; returns the login and the transaction's state.
 */
export async function signUp(page: Page, emulator: Emulator, email: string) {
  const started = await authorizeUrl(emulator, { screen_hint: 'signup' });
  await page.goto(started.url.href);
  await expect(page).toHaveURL(/\/u\/signup\?state=/);
  const uid = uidOf(page);
  await page.locator('input#email').fill(email);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator(PRIMARY).click();
  return { started, uid };
}

/** On `/u/mfa-otp-enrollment-qr`, "Trouble Scanning?" shows the OTP secret; returns it. */
export async function showOtpSecret(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/u\/mfa-otp-enrollment-qr\?state=/);
  await page.locator('button[name=action][value=toggle-view]').click();
  return (await page.locator('#otp-secret').textContent())?.trim() ?? '';
}

/** Exchanges the callback's code for tokens and returns the ID token claims. */
export async function exchange(
  started: StartedLogin,
  callback: URL,
): Promise<Record<string, unknown>> {
  const tokens = await codeGrant(started, callback);
  return { ...(tokens.claims() ?? {}) };
}

/**
 * Resolves with the application's callback URL each time the browser has arrived there: on the
 * main frame's navigation to it (committed), not when the request starts, so that a test's next
 * `page.goto` can never be cut short by a callback navigation still in flight. The callback is
 * reached through a redirect, which `page.route` cannot intercept; the fixture's application
 * answers it.
 */
export function watchCallback(page: Page, emulator: Emulator): { next: () => Promise<URL> } {
  const prefix = redirectUri(emulator);
  const waiting: ((u: URL) => void)[] = [];
  const seen: URL[] = [];
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !frame.url().startsWith(prefix)) return;
    const url = new URL(frame.url());
    const w = waiting.shift();
    if (w) w(url);
    else seen.push(url);
  });
  return {
    next: () => {
      const s = seen.shift();
      return s ? Promise.resolve(s) : new Promise<URL>((resolve) => waiting.push(resolve));
    },
  };
}

/** A CDP virtual platform authenticator with user verification (Touch ID / Windows Hello stand-in). */
export async function addPlatformAuthenticator(page: Page): Promise<{
  credentials: () => Promise<{ signCount: number }[]>;
  /** Makes the authenticator claim UV while not setting the UV flag (the server must refuse). */
  setBadUV: (on: boolean) => Promise<void>;
}> {
  return virtualAuthenticator(page);
}
