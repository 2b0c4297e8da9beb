/**
 * The evidence's Management API reads (helpers/tenant/reads.ts) in the form Auth0 accepts: the
 * tenant logs of one user are asked for with `q=` (Auth0 refuses the v7 SDK's `search=`:
 * auth0-behaviour.md §3.3) and only that user's events come back; the user is read by id.
 */
import { test, expect, type Page } from '@playwright/test';
import { LoginRecorder } from '../fixtures/evidence.ts';
import type { VirtualAuthenticator } from '../fixtures/virtual-authenticator.ts';
import type { HarnessEnv } from '../helpers/config/env.ts';
import { TenantNotReadyError } from '../helpers/tenant/readiness.ts';
import { Redactor } from '../helpers/report/redact.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { listUserLogs, readUserById, userLogQuery } from '../helpers/tenant/reads.ts';
import { fetchSpy, seedUser, withTenant } from './live-ops-support.ts';

/**
 * A recorder whose page and authenticator are inert stand-ins: only its tenant reads act,
 * through a Management API client of `env` whose calls `spy` keeps.
 */
function recorderWithoutBrowser(env: HarnessEnv): {
  recorder: LoginRecorder;
  spy: ReturnType<typeof fetchSpy>;
} {
  const spy = fetchSpy();
  const management = createManagementClient(env, { transport: spy.transport });
  const page = { on: () => page } as unknown as Page;
  const authenticator = {
    calls: [],
    events: [],
    credentials: () => Promise.resolve([]),
  } as unknown as VirtualAuthenticator;
  const recorder = new LoginRecorder(page, authenticator, management, env, new Redactor([]));
  return { recorder, spy };
}

/** Records `login` as one that ended at once signed in as `sub` (of the user `email`). */
function recordLogin(recorder: LoginRecorder, login: string, sub: string, email: string) {
  return recorder.record(login, () => Promise.resolve({ sub }), { user: { email } });
}

test.describe('evidence reads', () => {
  test('should ask for a user’s log events with q= and never search=', async () => {
    await withTenant({}, async (emulator, env) => {
      const alice = seedUser(emulator, { email: 'e2e-bio+q-0-1@example.com', ageMs: 0 });
      const bob = seedUser(emulator, { email: 'e2e-bio+q-0-2@example.com', ageMs: 0 });
      const logs = emulator.context.tenant.logs;
      for (const u of [alice, bob, alice]) {
        logs.emit({
          type: 's',
          user_id: u.user_id,
          user_name: u.email,
          client_id: 'c',
          ip: '127.0.0.1',
        });
      }
      const spy = fetchSpy();
      const management = createManagementClient(env, { transport: spy.transport });
      const { logs: found } = await listUserLogs(management, alice.user_id);
      const request = spy.calls.find((c) => new URL(c.url).pathname === '/api/v2/logs');
      const params = new URL(request?.url ?? 'http://x/').searchParams;
      expect(params.get('q')).toBe(`user_id:"${alice.user_id}"`);
      expect(params.has('search')).toBe(false);
      expect(params.get('sort')).toBe('date:1');
      expect(found.map((l) => l.user_id)).toEqual([alice.user_id, alice.user_id]);
    });
  });

  test('should quote a user id in the Lucene query', () => {
    expect(userLogQuery('auth0|abc')).toBe('user_id:"auth0|abc"');
    expect(userLogQuery('odd"id\\')).toBe('user_id:"odd\\"id\\\\"');
  });

  test('should read the user before a login by id in two calls', async () => {
    await withTenant({}, async (emulator, env) => {
      const user = seedUser(emulator, { email: 'e2e-bio+r-0-1@example.com', ageMs: 0 });
      const spy = fetchSpy();
      const management = createManagementClient(env, { transport: spy.transport });
      const before = await readUserById(management, user.user_id);
      expect(before).toMatchObject({
        exists: true,
        userId: user.user_id,
        biometrics: { enrolled: true },
        loginsCount: 1,
        factors: [],
      });
      const api = spy.calls.filter((c) => new URL(c.url).pathname.startsWith('/api/v2/'));
      expect(api.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
        `GET /api/v2/users/${encodeURIComponent(user.user_id)}`,
        `GET /api/v2/users/${encodeURIComponent(user.user_id)}/authentication-methods`,
      ]);
      expect(await readUserById(management, 'auth0|nobody')).toMatchObject({ exists: false });
    });
  });

  test('should read the logs of a live tenant whose events are late at most 3 times in the wait', async () => {
    await withTenant({}, async (_emulator, env) => {
      const { recorder, spy } = recorderWithoutBrowser(env);
      await recordLogin(recorder, 'login 1', 'auth0|late', 'late@example.com');
      const started = Date.now();
      // No event ever arrives for this user: every poll finds the login incomplete.
      await recorder.collectTenantLogs('auth0|late', 3000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
      const reads = spy.calls.filter((c) => new URL(c.url).pathname === '/api/v2/logs');
      expect(reads).toHaveLength(3);
      expect(recorder.logins[0]?.logs.status).toBe('incomplete');
    });
  });

  test('should read the bindings once per test, show them on every login, and name a change', async () => {
    await withTenant({}, async (_emulator, env) => {
      const { recorder, spy } = recorderWithoutBrowser(env);
      await recordLogin(recorder, 'login 1', 'auth0|b', 'b@example.com');
      await recordLogin(recorder, 'login 2', 'auth0|b', 'b@example.com');
      // The tenant has no binding at all: not what the deployment bound.
      await recorder.readBindingsOnce();
      await recorder.readBindingsOnce();
      const reads = spy.calls.filter((c) => c.url.includes('/triggers/post-login/bindings'));
      expect(reads).toHaveLength(1);
      expect(recorder.logins.map((l) => l.actionsBound?.names)).toEqual([[], []]);
      const changed = recorder.bindingsChangedFrom([env.actionName]);
      expect(new TenantNotReadyError(changed ?? '').message).toBe(
        `tenant not ready: post-login bindings changed during the run (another run, or someone, changed them): the deployment bound ${env.actionName}; at the end of the test: (none)`,
      );
      expect(recorder.bindingsChangedFrom([])).toBeUndefined();
    });
  });
});
