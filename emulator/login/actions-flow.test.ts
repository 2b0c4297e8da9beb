/**
 * Post-login Actions breadth, end to end over HTTP (Chromium, openid-client, the auth0 SDK):
 * `api.redirect.sendUserTo` and `/continue` with `onContinuePostLogin`, `encodeToken` /
 * `validateToken` through an external page, `recordMethod`, transaction metadata, secrets,
 * console capture, and failing Actions (throw, timeout, deny) as the application sees them
 * (auth0-behaviour.md §1.1–§1.3).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { jwtVerify, SignJWT } from 'jose';
import * as client from 'openid-client';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { managementClient } from '../testing/management-client.ts';
import { createUser } from '../tenant/users.ts';
import {
  exchange,
  logIn as passwordLogIn,
  watchCallback,
  type StartedLogin,
} from '../testing/login-helpers.ts';
import { PASSWORD } from '../testing/credentials.ts';
import { readTransaction } from '../flow/transactions.ts';

const SESSION_SECRET = 'redirect-session-secret-of-reasonable-length';

let seq = 0;
const unique = (tag: string) => `${tag}-${Date.now().toString(36)}-${++seq}`;

interface ActionSpec {
  name: string;
  code: string;
  secrets?: { name: string; value: string }[];
}

/** Creates, builds, deploys and binds Actions through the Management API (auth0 SDK), in order. */
async function deployViaManagement(emulator: Emulator, actions: ActionSpec[]): Promise<void> {
  const mgmt = managementClient(emulator);
  const ids: string[] = [];
  for (const a of actions) {
    const created = await mgmt.actions.create({
      name: unique(a.name),
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: a.code,
      ...(a.secrets ? { secrets: a.secrets } : {}),
    });
    const id = created.id as string;
    await expect
      .poll(async () => (await mgmt.actions.get(id)).status, { timeout: 5000, intervals: [50] })
      .toBe('built');
    await mgmt.actions.deploy(id);
    ids.push(id);
  }
  await mgmt.actions.triggers.bindings.updateMany('post-login', {
    bindings: ids.map((value, i) => ({
      ref: { type: 'action_id', value },
      display_name: actions[i]?.name ?? value,
    })),
  });
}

/** A seeded user and a password login up to the first screen after `/u/login`. */
async function logIn(
  page: Page,
  emulator: Emulator,
): Promise<{ started: StartedLogin; uid: string; userId: string }> {
  const tenant = emulator.context.tenant;
  const user = await createUser(tenant, {
    email: `${unique('actions')}@example.com`,
    password: PASSWORD,
    connection: tenant.connection.name,
  });
  const { started, uid } = await passwordLogIn(page, emulator, user.email);
  return { started, uid, userId: user.user_id };
}

/**
 * The external page of a redirect Action (a consent page): it verifies the emulator's
 * `session_token` (HS256, shared secret), records what it saw, and renders a form that POSTs
 * its own token, with the transaction's `state`, back to `/continue`.
 */
async function consentPage(emulator: Emulator) {
  const seen: {
    query: Record<string, string>;
    tokenClaims: Record<string, unknown>;
    appMetadata: unknown;
  }[] = [];
  const key = new TextEncoder().encode(SESSION_SECRET);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const query = Object.fromEntries(url.searchParams);
      const state = query.state ?? '';
      const { payload } = await jwtVerify(query.session_token ?? '', key, {
        algorithms: ['HS256'],
      });
      const user = emulator.context.tenant.users.get(String(payload.sub));
      seen.push({ query, tokenClaims: payload, appMetadata: structuredClone(user?.app_metadata) });
      const answer = await new SignJWT({ state, accepted: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(payload.sub))
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!DOCTYPE html><html><body><h1>Terms</h1>
<form method="POST" action="${emulator.origin}/continue">
<input type="hidden" name="state" value="${state}">
<input type="hidden" name="consent_token" value="${answer}">
<button type="submit" id="accept">Accept</button></form></body></html>`);
    })().catch((err: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/terms`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test.describe('Actions: api.redirect.sendUserTo and /continue (redirect-with-actions)', () => {
  test('should persist pending metadata, redirect with state, and resume in onContinuePostLogin with a new event.request', async ({
    page,
    emulator,
  }) => {
    const external = await consentPage(emulator);
    try {
      await deployViaManagement(emulator, [
        {
          name: 'consent',
          secrets: [{ name: 'SESSION_SECRET', value: SESSION_SECRET }],
          code: `
exports.onExecutePostLogin = async (event, api) => {
  api.user.setAppMetadata('consent_requested', true);
  const token = api.redirect.encodeToken({
    secret: event.secrets.SESSION_SECRET,
    payload: { email: event.user.email },
  });
  api.redirect.sendUserTo(${JSON.stringify(external.url)}, { query: { session_token: token, lang: 'en' } });
};
exports.onContinuePostLogin = async (event, api) => {
  const answer = api.redirect.validateToken({
    secret: event.secrets.SESSION_SECRET,
    tokenParameterName: 'consent_token',
  });
  console.log('continue', event.request.method, Object.keys(event.request.body).sort().join(','), answer.accepted);
  api.user.setAppMetadata('consent', answer.accepted);
  api.authentication.recordMethod('https://consent.example.com/terms');
  api.idToken.setCustomClaim('https://example.com/consent', answer.accepted);
};`,
        },
        {
          name: 'after-consent',
          code: `exports.onExecutePostLogin = async (event, api) => {
  console.log('methods', event.authentication.methods.map((m) => m.name).join(','));
};`,
        },
      ]);
      const callback = watchCallback(page, emulator);
      const { started, uid, userId } = await logIn(page, emulator);

      // The browser is at the external page: `url?state=<state>&…query`.
      await expect(page.locator('#accept')).toBeVisible();
      const at = new URL(page.url());
      expect(`${at.origin}${at.pathname}`).toBe(external.url);
      expect(at.searchParams.get('state')).toBe(uid);
      expect(at.searchParams.get('lang')).toBe('en');
      const [visit] = external.seen;
      // encodeToken: HS256 with sub, iss, ip, exp plus the payload, verified by the page (jose).
      expect(visit?.tokenClaims).toMatchObject({
        sub: userId,
        email: expect.stringContaining('@example.com'),
        iss: emulator.context.domain,
        exp: expect.any(Number),
        ip: expect.any(String),
      });
      // "any pending user or app metadata updates will be applied to the user profile before
      // the user is redirected" (§1.3).
      expect(visit?.appMetadata).toEqual({ consent_requested: true });

      // /continue with a missing or incorrect state: invalid_request; the transaction survives.
      for (const path of ['/continue', `/continue?state=${uid}x`]) {
        const res = await page.request.get(`${emulator.origin}${path}`);
        expect(res.status(), path).toBe(400);
        expect(await res.text()).toContain('data-error-code="invalid_request"');
      }

      await page.locator('#accept').click();
      const cb = await callback.next();
      const claims = await exchange(started, cb);
      expect(claims['https://example.com/consent']).toBe(true);

      const user = emulator.context.tenant.users.get(userId);
      expect(user?.app_metadata).toEqual({ consent_requested: true, consent: true });
      const tx = readTransaction(emulator.context.tenant, uid);
      expect(
        tx?.actionRuns.map((r) => [
          r.action.replace(/-[a-z0-9]+-\d+$/, ''),
          r.handler ?? 'onExecutePostLogin',
        ]),
      ).toEqual([
        ['consent', 'onExecutePostLogin'],
        ['consent', 'onContinuePostLogin'],
        ['after-consent', 'onExecutePostLogin'],
      ]);
      // A new event.request: the POST to /continue, its form fields.
      expect(tx?.actionRuns[1]?.consoleLines).toEqual(['continue POST consent_token,state true']);
      // recordMethod adds a method that the next Action sees.
      expect(tx?.actionRuns[2]?.consoleLines).toEqual([
        'methods pwd,https://consent.example.com/terms',
      ]);

      // Once resumed, the state is spent.
      const replay = await page.request.get(`${emulator.origin}/continue?state=${uid}`);
      expect(replay.status()).toBe(400);
      expect(await replay.text()).toContain('invalid_request');
    } finally {
      emulator.context.tenant.bindings = [];
      await external.close();
    }
  });
});

test.describe('Actions: transaction metadata, secrets and console output', () => {
  test('should share transaction metadata with later Actions, expose version secrets and capture console.log', async ({
    page,
    emulator,
  }) => {
    const secret = 'sk_live_value_that_must_not_leak';
    await deployViaManagement(emulator, [
      {
        name: 'first',
        secrets: [{ name: 'API_KEY', value: secret }],
        code: `exports.onExecutePostLogin = async (event, api) => {
  api.transaction.setMetadata('risk', 'low');
  api.transaction.setMetadata('score', 7);
  console.log('key length', event.secrets.API_KEY.length);
  console.log('first sees', JSON.stringify(event.transaction.metadata));
};`,
      },
      {
        name: 'second',
        code: `exports.onExecutePostLogin = async (event, api) => {
  console.log('second sees', JSON.stringify(event.transaction.metadata), Object.keys(event.secrets).length);
};`,
      },
    ]);
    try {
      const callback = watchCallback(page, emulator);
      const { uid } = await logIn(page, emulator);
      expect((await callback.next()).searchParams.get('code')).toBeTruthy();
      const tx = readTransaction(emulator.context.tenant, uid);
      expect(tx?.actionRuns.map((r) => r.consoleLines)).toEqual([
        [`key length ${secret.length}`, 'first sees {"risk":"low","score":7}'],
        ['second sees {"risk":"low","score":7} 0'],
      ]);
      // Console output is on the transaction trail (Auth0: the Actions logs), not in tenant logs.
      const consoleOnTrail = tx?.trail
        .filter((t) => t.kind === 'action')
        .map((t) => t.detail?.console);
      expect(consoleOnTrail).toEqual([
        [`key length ${secret.length}`, 'first sees {"risk":"low","score":7}'],
        ['second sees {"risk":"low","score":7} 0'],
      ]);
      const logs = JSON.stringify(
        emulator.context.tenant.logs.all().filter((l) => l.transaction_id === uid),
      );
      expect(logs).not.toContain('first sees');
      expect(logs).not.toContain(secret);
    } finally {
      emulator.context.tenant.bindings = [];
    }
  });
});

test.describe('Actions: failures reach the application as OAuth errors', () => {
  /** Completes the callback with openid-client and returns the error it raises. */
  async function oauthError(started: StartedLogin, cb: URL) {
    const err = await client
      .authorizationCodeGrant(started.config, cb, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(client.AuthorizationResponseError);
    const e = err as client.AuthorizationResponseError;
    return { error: e.error, error_description: e.error_description };
  }

  const failedLogs = (emulator: Emulator, uid: string) =>
    emulator.context.tenant.logs
      .all()
      .filter((l) => l.transaction_id === uid && l.type === 'actions_execution_failed');

  test('should send access_denied and log actions_execution_failed when an Action throws', async ({
    page,
    emulator,
  }) => {
    await deployViaManagement(emulator, [
      {
        name: 'throws',
        code: `exports.onExecutePostLogin = async (event, api) => {
  const color = event.user.user_metadata.preferences.color;
  api.idToken.setCustomClaim('https://example.com/color', color);
};`,
      },
    ]);
    try {
      const callback = watchCallback(page, emulator);
      const { started, uid } = await logIn(page, emulator);
      const failure = await oauthError(started, await callback.next());
      expect(failure.error).toBe('access_denied');
      expect(failure.error_description).toContain(
        "Cannot read properties of undefined (reading 'color')",
      );
      const [log] = failedLogs(emulator, uid);
      expect(log?.details).toMatchObject({ trigger_id: 'post-login', error_class: 'action_error' });
      expect(
        emulator.context.tenant.logs.all().some((l) => l.transaction_id === uid && l.type === 's'),
      ).toBe(false);
    } finally {
      emulator.context.tenant.bindings = [];
    }
  });

  test('should fail the login like Auth0 when an Action exceeds its time limit (20 s, shortened here)', async ({
    page,
    emulator,
  }) => {
    const { config } = emulator.context;
    await deployViaManagement(emulator, [
      {
        name: 'slow',
        code: `exports.onExecutePostLogin = async () => { await new Promise((r) => setTimeout(r, 10000)); };`,
      },
    ]);
    // Test seam instead of a real 20 s wait.
    config.actionTimeoutMs = 300;
    try {
      const callback = watchCallback(page, emulator);
      const { started, uid } = await logIn(page, emulator);
      const failure = await oauthError(started, await callback.next());
      expect(failure).toEqual({
        error: 'access_denied',
        error_description: 'The Action did not finish within 300 ms',
      });
      const [log] = failedLogs(emulator, uid);
      expect(log?.details).toMatchObject({ error_class: 'action_timeout' });
    } finally {
      delete config.actionTimeoutMs;
      emulator.context.tenant.bindings = [];
    }
  });

  test('should send api.access.deny(reason) as access_denied with error_description=reason', async ({
    page,
    emulator,
  }) => {
    await deployViaManagement(emulator, [
      {
        name: 'deny',
        code: `exports.onExecutePostLogin = async (event, api) => { api.access.deny('Your account is not allowed here'); };`,
      },
    ]);
    try {
      const callback = watchCallback(page, emulator);
      const { started, uid } = await logIn(page, emulator);
      expect(await oauthError(started, await callback.next())).toEqual({
        error: 'access_denied',
        error_description: 'Your account is not allowed here',
      });
      expect(
        emulator.context.tenant.logs
          .all()
          .filter((l) => l.transaction_id === uid)
          .map((l) => l.type),
      ).toEqual(['f']);
    } finally {
      emulator.context.tenant.bindings = [];
    }
  });
});
