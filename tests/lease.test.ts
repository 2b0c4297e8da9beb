/**
 * The tenant lease (helpers/tenant/lease.ts) against an in-process tenant: visible through the
 * Management API while held and gone once released; a second run waits with progress lines and
 * stops naming the holder; an expired lease (a killed run) is taken over and its restore plan
 * applied; a lost create response is recognised as our own lease; of two same-named leases
 * (Auth0's name uniqueness is unconfirmed) the older holds and the newer deletes itself.
 */
import { test, expect } from '@playwright/test';
import { EnvError, parseConfig } from '../helpers/config/env.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { acquireLease, LeaseHeldError, listLeases } from '../helpers/tenant/lease.ts';
import {
  encodeLeaseCode,
  LEASE_ACTION_NAME,
  parseLeaseCode,
  type LeaseRecord,
} from '../helpers/tenant/lease-record.ts';
import { applyRestorePlan } from '../helpers/tenant/restore-plan.ts';
import {
  callLines,
  faultyTransport,
  seedLease,
  takeLease,
  withTenant,
} from './live-ops-support.ts';

const noRestore = () => Promise.resolve({ restored: [], failures: [] });

test.describe('tenant lease', () => {
  test('should hold the lease as a visible Action while held and delete it on release', async () => {
    await withTenant({}, async (_emulator, env) => {
      const management = createManagementClient(env);
      const lease = await takeLease(management, 'runa');
      // GET /api/v2/actions/actions?actionName=e2e-harness lease
      const listed = await management.actions.list({ actionName: LEASE_ACTION_NAME });
      expect(listed.data).toHaveLength(1);
      const record = parseLeaseCode(listed.data[0]?.code);
      expect(record?.holder).toMatchObject({ run: 'runa', pid: process.pid });
      expect(Date.parse(record?.expires_at ?? '')).toBeGreaterThan(Date.now() + 200_000);
      // The plan is written into the lease before any change.
      await lease.writePlan({ factors_enabled: ['otp'], bindings: ['Biometric enrollment (e2e)'] });
      const after = parseLeaseCode(
        (await management.actions.list({ actionName: LEASE_ACTION_NAME })).data[0]?.code,
      );
      expect(after?.restore).toEqual({
        factors_enabled: ['otp'],
        bindings: ['Biometric enrollment (e2e)'],
      });
      await lease.release();
      expect((await listLeases(management)).leases).toEqual([]);
    });
  });

  test('should make a second run wait with progress lines, then stop naming the holder', async () => {
    await withTenant({}, async (_emulator, env) => {
      const management = createManagementClient(env);
      const first = await takeLease(management, 'first');
      const lines: string[] = [];
      const started = Date.now();
      const second = acquireLease(management, {
        runId: 'second',
        waitMs: 1500,
        pollMs: 300,
        log: (l) => lines.push(l),
        restoreDeadRun: noRestore,
      });
      await expect(second).rejects.toThrow(LeaseHeldError);
      await expect(second).rejects.toThrow(
        /^tenant not ready: the tenant lease is held by run first on host .* \(pid \d+\) since .*expires in \d+ s\); waited [12] s \(E2E_LEASE_WAIT_SECONDS\)/,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(lines[0]).toMatch(
        /^tenant lease: waiting for the tenant lease held by run first on host .* since .*, expires in \d+ s \(waited 0 s of 2 s\)$/,
      );
      // Released: the next run gets it at once.
      await first.release();
      const third = await takeLease(management, 'third');
      expect(third.holder.run).toBe('third');
      await third.release();
    });
  });

  test('should take over an expired lease: restore the bindings its run left, delete it, hold ours', async () => {
    await withTenant({}, async (emulator, env) => {
      const management = createManagementClient(env);
      const tenant = emulator.context.tenant;
      // The killed run had bound its Action and enabled otp (off before it).
      const dead = await management.actions.create({
        name: env.actionName,
        code: 'exports.onExecutePostLogin = async () => {};',
        supported_triggers: [{ id: 'post-login', version: 'v3' }],
      });
      await expect.poll(async () => (await management.actions.get(dead.id!)).status).toBe('built');
      await management.actions.deploy(dead.id!);
      await management.actions.triggers.bindings.updateMany('post-login', {
        bindings: [{ ref: { type: 'action_id', value: dead.id! }, display_name: env.actionName }],
      });
      tenant.factors.set('otp', { enabled: true });
      const deadLease = seedLease(emulator, {
        run: 'killed',
        ageMs: 10_000,
        ttlSeconds: 5,
        restore: { factors_enabled: ['otp'], bindings: [env.actionName] },
      });

      const lines: string[] = [];
      const lease = await acquireLease(management, {
        runId: 'next',
        waitMs: 0,
        log: (l) => lines.push(l),
        restoreDeadRun: (plan) => applyRestorePlan(management, plan),
      });
      expect(lines[0]).toMatch(
        /^tenant lease: took over the expired lease of run killed on host ci-runner-7 \(pid 4242\) since \d{4}-/,
      );
      expect(lines.at(-1)).toMatch(
        /^tenant lease: restored the bindings left by run killed on host ci-runner-7 \(pid 4242\): unbound "Biometric enrollment \(e2e\)"; factor otp disabled again$/,
      );
      expect(tenant.bindings).toEqual([]);
      expect(tenant.factors.get('otp')?.enabled).toBe(false);
      expect(tenant.actions.has(deadLease)).toBe(false);
      const { leases } = await listLeases(management);
      expect(leases.map((l) => l.record?.holder.run)).toEqual(['next']);
      await lease.release();
    });
  });

  test('should wait for a live lease and take it over once it expires', async () => {
    await withTenant({}, async (emulator, env) => {
      const management = createManagementClient(env);
      seedLease(emulator, { run: 'slow', ageMs: 0, ttlSeconds: 2 });
      const lines: string[] = [];
      const lease = await acquireLease(management, {
        runId: 'patient',
        waitMs: 10_000,
        pollMs: 500,
        log: (l) => lines.push(l),
        restoreDeadRun: noRestore,
      });
      expect(lines[0]).toMatch(/waiting for the tenant lease held by run slow/);
      expect(lines.some((l) => l.includes('took over the expired lease of run slow'))).toBe(true);
      expect(lease.holder.run).toBe('patient');
      await lease.release();
    });
  });

  test('should recognise its own lease when the create response was lost and the replay got 409', async () => {
    await withTenant({}, async (_emulator, env) => {
      const faults = faultyTransport([
        { match: /^POST \/api\/v2\/actions\/actions$/, answer: 'lost', times: 1 },
      ]);
      const management = createManagementClient(env, { transport: faults.transport });
      const lease = await takeLease(management, 'unlucky');
      expect(
        faults.calls.map((c) => `${c.method} ${new URL(c.url).pathname} ${c.outcome}`),
      ).toEqual([
        'POST /oauth/token 200',
        'POST /api/v2/actions/actions lost',
        'POST /api/v2/actions/actions 409',
        'GET /api/v2/actions/actions 200',
      ]);
      expect(lease.holder.run).toBe('unlucky');
      await lease.release();
    });
  });

  test('should leave the lease to the older of two same-named leases and delete its own', async () => {
    await withTenant({}, async (emulator, env) => {
      // A tenant without name uniqueness: another run's lease appears, 1 s older, right after ours.
      const faults = faultyTransport([]);
      const transport: typeof fetch = async (input, init) => {
        const res = await faults.transport(input, init);
        if (
          init?.method === 'POST' &&
          res.status === 201 &&
          faults.calls.at(-1)?.url.endsWith('/actions/actions')
        ) {
          seedLease(emulator, { run: 'older', ageMs: 1000, ttlSeconds: 300 });
        }
        return res;
      };
      const management = createManagementClient(env, { transport });
      await expect(takeLease(management, 'newer')).rejects.toThrow(
        /held by run older on host ci-runner-7/,
      );
      const lines = callLines(faults.calls);
      expect(lines.slice(1, 3)).toEqual([
        'POST /api/v2/actions/actions',
        'GET /api/v2/actions/actions',
      ]);
      // Ours (not the older one) deleted, then nothing more: the older holds.
      expect(lines[3]).toMatch(/^DELETE \/api\/v2\/actions\/actions\/(?!lease-older)[\w-]+$/);
      expect(lines).toHaveLength(4);
      const { leases } = await listLeases(management);
      expect(leases.map((l) => l.record?.holder.run)).toEqual(['older']);
    });
  });

  test('should read E2E_LEASE_WAIT_SECONDS, defaulting to 420, and refuse a bad value', () => {
    expect(parseConfig({}).leaseWaitSeconds).toBe(420);
    expect(parseConfig({ E2E_LEASE_WAIT_SECONDS: '0' }).leaseWaitSeconds).toBe(0);
    expect(parseConfig({ E2E_LEASE_WAIT_SECONDS: ' 90 ' }).leaseWaitSeconds).toBe(90);
    expect(() => parseConfig({ E2E_LEASE_WAIT_SECONDS: '5m' })).toThrow(EnvError);
    expect(() => parseConfig({ E2E_LEASE_WAIT_SECONDS: '90000' })).toThrow(
      /E2E_LEASE_WAIT_SECONDS: must be at most 86400/,
    );
  });

  test('should keep a lease record readable through a round trip, even with */ in a name', () => {
    const record: LeaseRecord = {
      holder: { run: 'r1', host: 'h*/x', pid: 1, started_at: 'now', nonce: 'n' },
      ttl_seconds: 300,
      expires_at: 'later',
      restore: { factors_enabled: [], bindings: ['odd */ name (e2e)'] },
    };
    const code = encodeLeaseCode(record);
    expect(code.match(/\*\//g)).toHaveLength(1);
    expect(parseLeaseCode(code)).toEqual(record);
    expect(parseLeaseCode('exports.onExecutePostLogin = async () => {};')).toBeUndefined();
  });
});
