/**
 * `npm run doctor` on what can stop a run besides the basics: the tenant lease (held: who and
 * until when; expired: the plan the next run restores), harness bindings left on post-login while
 * no run holds the tenant, the Recovery Code factor and passkeys on the connection (Universal
 * Login screens the walker gets through: warnings). And `npm run doctor` / `npm run sweep` on a tenant
 * they cannot use at all: ONE line naming the cause with a fix for that class of error, exit 2.
 */
import { createServer, type Server } from 'node:net';
import { test, expect } from '@playwright/test';
import type { Emulator } from '../emulator/app.ts';
import { runDoctor, type Check } from '../helpers/doctor/run-doctor.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { createServer as createTcpServer } from 'node:net';
import { deployAction } from '../emulator/testing/login-helpers.ts';
import {
  childEnvFor,
  DISALLOWED_LIVE_ENV,
  runScript,
  seedLease,
  takeLease,
  withTenant,
} from './live-ops-support.ts';

const find = (checks: Check[], title: string | RegExp) =>
  checks.find((c) => (typeof title === 'string' ? c.title === title : title.test(c.title)));

/** Binds a deployed Action named `name` to post-login straight in the tenant, after the others. */
const bindInTenant = (emulator: Emulator, name: string): string =>
  deployAction(emulator.context.tenant, name, 'exports.onExecutePostLogin = async () => {};', {
    append: true,
  });

test.describe('npm run doctor: tenant lease and leftovers', () => {
  test('should report a held lease with its holder and expiry, and its bindings as expected', async () => {
    await withTenant({}, async (emulator, env) => {
      const lease = await takeLease(createManagementClient(env), 'busyrun');
      bindInTenant(emulator, env.actionName);
      const result = await runDoctor(env);
      const held = find(result.checks, 'Tenant lease');
      expect(held?.status).toBe('warn');
      expect(held?.detail).toMatch(
        /^held by run busyrun on host .* \(pid \d+\) since .*, expires in (29\d|300) s \(\d{4}-.*\) unless renewed: a run started now waits for it/,
      );
      expect(find(result.checks, 'Harness bindings on post-login')).toMatchObject({
        status: 'pass',
        detail: `${env.actionName}: bound by the run that holds the lease`,
      });
      await lease.release();
    });
  });

  test('should warn about harness bindings left while no run holds the tenant, and an expired lease', async () => {
    await withTenant({}, async (emulator, env) => {
      bindInTenant(emulator, env.actionName);
      bindInTenant(emulator, 'biometric-challenge-after-enrollment (e2e)');
      bindInTenant(emulator, 'Tenant rule A');
      // A killed run's lease, expired 10 minutes ago.
      seedLease(emulator, {
        run: 'killed',
        ageMs: 900_000,
        ttlSeconds: 300,
        restore: { factors_enabled: ['otp'], bindings: [env.actionName] },
      });
      const result = await runDoctor(env);
      expect(find(result.checks, 'Tenant lease')).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(
          /^expired lease of run killed on host ci-runner-7 \(pid 4242\) since .*the next run takes it over and restores: unbind "Biometric enrollment \(e2e\)"; disable factor otp$/,
        ),
      });
      const left = find(result.checks, 'Harness bindings on post-login');
      expect(left?.status).toBe('warn');
      expect(left?.detail).toBe(
        `${env.actionName}, biometric-challenge-after-enrollment (e2e) bound while no run holds the tenant: every login on this tenant runs them`,
      );
      expect(result.text).toMatch(/! Harness bindings on post-login: .*\n {6}fix: the next run/);
    });
  });

  test('should warn (not fail) when the Recovery Code factor or passkeys add a screen the walker gets through', async () => {
    await withTenant({}, async (emulator, env) => {
      const tenant = emulator.context.tenant;
      tenant.factors.set('recovery-code', { enabled: true });
      tenant.connection.options = {
        ...tenant.connection.options,
        authentication_methods: { passkey: { enabled: true }, password: { enabled: true } },
      };
      const result = await runDoctor(env);
      expect(find(result.checks, 'Guardian factor recovery-code')).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('/u/mfa-recovery-code-enrollment'),
        fix: expect.stringContaining('"Recovery Code" off'),
      });
      expect(find(result.checks, /^Passkeys on /)).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('/u/passkey-enrollment'),
      });
      expect(result.text).toMatch(/! Guardian factor recovery-code: enabled/);
      expect(result.text).toMatch(/! Passkeys on .*: enabled/);
      expect(result.exitCode).toBe(0);
    });
  });
});

/** One line on stderr, naming the cause, then its fix; nothing like a stack trace. */
function expectOneLine(run: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

/**
 * Runs `doctor` and `sweep` (with `sweepArgs`) against `env` side by side: each must exit 2 with
 * the one line `line(name)` matches (expectOneLine).
 */
async function expectDoctorAndSweep(
  env: Record<string, string>,
  sweepArgs: string[],
  line: (name: 'doctor' | 'sweep') => string,
): Promise<void> {
  const [doctor, sweep] = await Promise.all([
    runScript('scripts/doctor.ts', [], env),
    runScript('scripts/sweep.ts', sweepArgs, env),
  ]);
  expectOneLine(doctor, new RegExp(line('doctor')));
  expectOneLine(sweep, new RegExp(line('sweep')));
}

/** A live configuration of `domain`, allowed, with made-up credentials. */
const liveAt = (domain: string): Record<string, string> => ({
  ...DISALLOWED_LIVE_ENV,
  AUTH0_DOMAIN: domain,
  E2E_ALLOWED_TENANTS: domain,
  TEST_APP_PORT: '',
});

test.describe('doctor and sweep on a tenant they cannot use', () => {
  test.setTimeout(120_000);

  test('should name refused credentials in one line with a credentials fix, exit 2', async () => {
    await withTenant({}, async (emulator) => {
      const env = { ...childEnvFor(emulator), AUTH0_MGMT_CLIENT_SECRET: 'wrong-secret-value' };
      await expectDoctorAndSweep(
        env,
        ['--yes'],
        (name) =>
          `^${name}: the tenant localhost:\\d+ refused the Management API credentials of .* \\(401 .*\\); fix: check AUTH0_MGMT_CLIENT_ID / AUTH0_MGMT_CLIENT_SECRET in .env`,
      );
    });
  });

  test('should name an unreachable tenant in one line with a network fix, exit 2', async () => {
    const closedPort = await new Promise<string>((resolve) => {
      const probe = createTcpServer().listen(0, 'localhost', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(String(port)));
      });
    });
    const env = liveAt(`localhost:${closedPort}`);
    await expectDoctorAndSweep(
      env,
      [],
      (name) =>
        `^${name}: cannot reach the tenant at https://localhost:${closedPort} \\(ECONNREFUSED\\); fix: check AUTH0_DOMAIN and that this machine can open HTTPS connections to it`,
    );
  });

  test('should name a tenant that does not answer in one line with a timeout fix, exit 2', async () => {
    // Accepts connections and never answers: the token call times out after 10 s.
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, 'localhost', r));
    const port = String((silent.address() as { port: number }).port);
    try {
      const env = liveAt(`localhost:${port}`);
      await expectDoctorAndSweep(
        env,
        [],
        (name) =>
          `^${name}: the tenant https://localhost:${port} did not answer in time \\(ManagementClient: token request timed out\\); fix: check that https://localhost:${port} is reachable`,
      );
    } finally {
      silent.close();
    }
  });

  test('should name a tenant not in the allow-list in one line with an allow-list fix, exit 2', async () => {
    await expectDoctorAndSweep(
      DISALLOWED_LIVE_ENV,
      ['--yes'],
      (name) =>
        `^${name}: refusing the tenant "prod-tenant\\.invalid": it is not in E2E_ALLOWED_TENANTS, so nothing was sent to it; fix: if it is a TEST tenant, add it to E2E_ALLOWED_TENANTS`,
    );
  });
});
