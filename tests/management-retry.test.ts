/**
 * Retries with Auth0's headers on every call the harness makes (helpers/tenant/retry.ts,
 * helpers/tenant/deploy-action.ts, helpers/tenant/management.ts) against an in-process tenant with
 * faults injected through the client's `transport`: the client-credentials token call retried on
 * 429/503 (`Retry-After`, `X-RateLimit-Reset`), bounded; a lost response to an idempotent call
 * sent again; a lost "create Action" whose replay meets 409 resolved by name; a deploy whose
 * response was lost not repeated; build polling backing off up to 5 s.
 */
import { test, expect } from '@playwright/test';
import {
  BUILD_POLL,
  createManagementClient,
  waitForActionBuilt,
} from '../helpers/tenant/management.ts';
import { retryDelayMs } from '../helpers/tenant/retry.ts';
import { deployAction } from '../helpers/tenant/deploy-action.ts';
import { faultyTransport, fetchSpy, liveEnv, withTenant } from './live-ops-support.ts';

const CODE = 'exports.onExecutePostLogin = async (event, api) => {};\n';
const outcomes = (calls: { method: string; url: string; outcome: string }[]) =>
  calls.map((c) => `${c.method} ${new URL(c.url).pathname} ${c.outcome}`);

test.describe('Management API retries', () => {
  test('should retry the token call after a 429, honouring Retry-After', async () => {
    await withTenant({}, async (_emulator, env) => {
      const faults = faultyTransport([{ match: /^POST \/oauth\/token/, answer: 429, times: 1 }]);
      const management = createManagementClient(env, { transport: faults.transport });
      const started = Date.now();
      const factors = await management.guardian.factors.list();
      expect(factors.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(outcomes(faults.calls)).toEqual([
        'POST /oauth/token 429 (injected)',
        'POST /oauth/token 200',
        'GET /api/v2/guardian/factors 200',
      ]);
    });
  });

  test('should retry the token call after a 503, waiting until X-RateLimit-Reset', async () => {
    await withTenant({}, async (_emulator, env) => {
      const reset = Math.ceil(Date.now() / 1000) + 2;
      const faults = faultyTransport([
        {
          match: /^POST \/oauth\/token/,
          answer: 503,
          times: 1,
          headers: { 'x-ratelimit-reset': String(reset), 'content-type': 'application/json' },
        },
      ]);
      const management = createManagementClient(env, { transport: faults.transport });
      await management.guardian.factors.list();
      expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 50);
      expect(outcomes(faults.calls).slice(0, 2)).toEqual([
        'POST /oauth/token 503 (injected)',
        'POST /oauth/token 200',
      ]);
    });
  });

  test('should give up on the token call after a bounded number of attempts', async () => {
    await withTenant({}, async (_emulator, env) => {
      const faults = faultyTransport([{ match: /^POST \/oauth\/token/, answer: 429 }]);
      const management = createManagementClient(env, {
        transport: faults.transport,
        retry: { maxAttempts: 3 },
      });
      await expect(management.guardian.factors.list()).rejects.toMatchObject({
        statusCode: 429,
        message: expect.stringContaining('token request failed'),
      });
      expect(faults.calls).toHaveLength(3);
    });
  });

  test('should send a GET again when its response was lost', async () => {
    await withTenant({}, async (_emulator, env) => {
      const faults = faultyTransport([
        { match: /^GET \/api\/v2\/guardian\/factors/, answer: 'lost', times: 1 },
      ]);
      const management = createManagementClient(env, { transport: faults.transport });
      expect((await management.guardian.factors.list()).length).toBeGreaterThan(0);
      expect(outcomes(faults.calls).slice(1)).toEqual([
        'GET /api/v2/guardian/factors lost',
        'GET /api/v2/guardian/factors 200',
      ]);
    });
  });

  test('should never replay a deploy blindly', async () => {
    await withTenant({}, async (_emulator, env) => {
      const faults = faultyTransport([
        { match: /^POST \/api\/v2\/actions\/actions\/[\w-]+\/deploy$/, answer: 'lost', times: 1 },
      ]);
      const management = createManagementClient(env, { transport: faults.transport });
      await expect(
        deployAction(management, { file: 'x.js', name: 'Lost deploy (e2e)', code: CODE }),
      ).resolves.toMatchObject({ versionNumber: 1, reused: false });
      expect(outcomes(faults.calls).filter((l) => l.includes('/deploy'))).toHaveLength(1);
    });
  });

  test('should continue with the Action when a create answered 502 after creating it is replayed into a 409', async () => {
    await withTenant({}, async (emulator, env) => {
      const faults = faultyTransport([
        { match: /^POST \/api\/v2\/actions\/actions$/, answer: 502, forward: true, times: 1 },
      ]);
      const management = createManagementClient(env, { transport: faults.transport });
      const deployed = await deployAction(management, {
        file: 'x.js',
        name: 'Lost create (e2e)',
        code: CODE,
      });
      expect(outcomes(faults.calls)).toEqual(
        expect.arrayContaining([
          'POST /api/v2/actions/actions 502 (injected after forwarding)',
          'POST /api/v2/actions/actions 409',
          `PATCH /api/v2/actions/actions/${deployed.actionId} 200`,
        ]),
      );
      const actions = [...emulator.context.tenant.actions.values()];
      expect(actions.filter((a) => a.name === 'Lost create (e2e)')).toHaveLength(1);
      expect(deployed.versionNumber).toBe(1);
    });
  });

  test('should deploy once when the deploy answered 502 after deploying', async () => {
    await withTenant({}, async (emulator, env) => {
      const faults = faultyTransport([
        { match: /\/deploy$/, answer: 502, forward: true, times: 1 },
      ]);
      const management = createManagementClient(env, { transport: faults.transport });
      const deployed = await deployAction(management, {
        file: 'x.js',
        name: 'Deploy 502 (e2e)',
        code: CODE,
      });
      // The SDK's own retry of the 502 would have made version 2.
      expect(emulator.context.tenant.actions.get(deployed.actionId)?.versions).toHaveLength(1);
      expect(deployed.versionNumber).toBe(1);
    });
  });

  test('should back off the build polling exponentially up to 5 s', async () => {
    let polls = 0;
    const spy = fetchSpy((call) => {
      if (call.url.endsWith('/oauth/token')) {
        return Response.json({ access_token: 'x', expires_in: 86400, token_type: 'Bearer' });
      }
      polls += 1;
      return Response.json({ id: 'a1', status: polls < 9 ? 'building' : 'built' });
    });
    const env = liveEnv('t.invalid', ['t.invalid']);
    const management = createManagementClient(env, { transport: spy.transport });
    const waits: number[] = [];
    await waitForActionBuilt(management, 'a1', {
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(BUILD_POLL.maxMs).toBe(5000);
  });

  test('should read the wait from Retry-After, then X-RateLimit-Reset, capped', () => {
    const now = 1_800_000_000_000;
    expect(retryDelayMs(new Headers({ 'retry-after': '2' }), 0, { nowMs: now })).toBe(2000);
    expect(
      retryDelayMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 3) }), 0, { nowMs: now }),
    ).toBe(3000);
    expect(retryDelayMs(new Headers({ 'retry-after': '600' }), 0, { nowMs: now })).toBe(60_000);
    expect(retryDelayMs(new Headers(), 2, { nowMs: now })).toBe(4000);
  });
});
