/**
 * `npm run doctor` against an in-process tenant: ready when seeded, not ready (✗, exit 1) when
 * a factor is disabled, the tenant setting is off, the M2M application lacks scopes or Bot
 * Detection always challenges; it only reads the tenant; and the live guard refuses a tenant
 * not in E2E_ALLOWED_TENANTS before any request, in every entry point.
 */
import { test, expect } from '@playwright/test';
import { fromEnv, MGMT_SCOPES } from '../emulator/config.ts';
import { TenantNotAllowedError } from '../helpers/config/env.ts';
import {
  checkBotDetection,
  checkScopes,
  checkTestApplication,
  runDoctor,
  type Check,
} from '../helpers/doctor/run-doctor.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { TenantAccessError } from '../helpers/tenant/access-error.ts';
import { runSweep } from '../helpers/ops/sweep.ts';
import {
  childEnvFor,
  DISALLOWED_LIVE_ENV,
  fetchSpy,
  liveEnv,
  runNpx,
  runScript,
  withTenant,
} from './live-ops-support.ts';

const statusOf = (checks: Check[], title: string | RegExp) =>
  checks
    .filter((c) => (typeof title === 'string' ? c.title === title : title.test(c.title)))
    .map((c) => c.status);

test.describe('npm run doctor', () => {
  test('should report a seeded tenant ready, exit 0, and only read it', async () => {
    await withTenant({}, async (emulator, env) => {
      const spy = fetchSpy();
      const result = await runDoctor(env, { transport: spy.transport });
      expect(
        result.checks.filter((c) => c.status !== 'pass'),
        result.text,
      ).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.text).toContain(
        '✓ Guardian factor webauthn-platform: enabled ("WebAuthn with Device Biometrics")',
      );
      expect(result.text).toContain('✓ Guardian factor recovery-code: disabled');
      expect(result.text).toContain('✓ Passkeys on Username-Password-Authentication: off');
      expect(result.text).toContain('✓ Tenant lease: free: no run holds the tenant');
      expect(result.text).toContain('✓ Harness bindings on post-login: none');
      expect(result.text).toContain('✓ Bot Detection');
      expect(result.text).toContain('✓ Callback URL allowed: http://localhost:3000/callback');
      expect(result.text).toMatch(/READY/);
      // Read-only: the token call, then GETs only.
      const writes = spy.calls.filter(
        (c) => c.method !== 'GET' && new URL(c.url).pathname !== '/oauth/token',
      );
      expect(writes).toEqual([]);
      expect(spy.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
        'POST /oauth/token',
        'GET /api/v2/guardian/factors',
        'GET /api/v2/tenants/settings',
        `GET /api/v2/clients/${env.clientId}`,
        'GET /api/v2/connections',
        'GET /api/v2/attack-protection/bot-detection',
        'GET /api/v2/actions/actions',
        'GET /api/v2/actions/triggers/post-login/bindings',
      ]);
      // No Success API Operation: nothing was written.
      expect(emulator.context.tenant.logs.all().filter((l) => l.type === 'sapi')).toEqual([]);
    });
  });

  test('should fail (✗, exit 1) when webauthn-platform is disabled', async () => {
    await withTenant({}, async (emulator, env) => {
      emulator.context.tenant.factors.set('webauthn-platform', { enabled: false });
      const result = await runDoctor(env);
      expect(statusOf(result.checks, 'Guardian factor webauthn-platform')).toEqual(['fail']);
      expect(statusOf(result.checks, 'Guardian factor otp')).toEqual(['pass']);
      expect(result.text).toContain(
        '✗ Guardian factor webauthn-platform: disabled ("WebAuthn with Device Biometrics")',
      );
      expect(result.text).toContain('fix: Dashboard › Security › Multi-factor Auth');
      expect(result.exitCode).toBe(1);
    });
  });

  test('should fail when customize_mfa_in_postlogin_action is off', async () => {
    await withTenant({}, async (emulator, env) => {
      emulator.context.tenant.settings.customize_mfa_in_postlogin_action = false;
      const result = await runDoctor(env);
      expect(statusOf(result.checks, /customize_mfa_in_postlogin_action/)).toEqual(['fail']);
      expect(result.exitCode).toBe(1);
    });
  });

  test('should list the missing scopes of a reduced M2M application and skip what it cannot read', async () => {
    const reduced = MGMT_SCOPES.filter(
      (s) => !['delete:users', 'read:clients', 'read:connections', 'update:users'].includes(s),
    ).filter((s) => s !== 'update:users_app_metadata');
    await withTenant({ mgmt: { ...fromEnv({}).mgmt, scopes: reduced } }, async (_emulator, env) => {
      const result = await runDoctor(env);
      const scopes = result.checks.find((c) => c.title === 'M2M application scopes');
      expect(scopes?.status).toBe('fail');
      expect(scopes?.detail).toContain('delete:users');
      expect(scopes?.detail).toContain('update:users_app_metadata or update:users');
      expect(scopes?.detail).not.toContain('read:logs');
      expect(statusOf(result.checks, 'M2M application optional scopes')).toEqual(['warn']);
      expect(result.text).toMatch(/! Test application .*could not be checked: .*read:clients/);
      expect(result.text).toMatch(/! Connection .*skipped: .*read:connections/);
      expect(result.exitCode).toBe(1);
    });
  });

  test('should fail when Bot Detection always challenges with no allow-list', async () => {
    await withTenant({}, async (emulator, env) => {
      emulator.context.tenant.botDetection.challenge_password_policy = 'always';
      const result = await runDoctor(env);
      const bot = result.checks.find((c) => c.title === 'Bot Detection');
      expect(bot?.status).toBe('fail');
      expect(bot?.fix).toContain('egress IPs');
      expect(result.exitCode).toBe(1);
    });
  });

  test('should fail the test application when the callback URL is not allowed', async () => {
    await withTenant({}, async (emulator, env) => {
      const app = emulator.context.tenant.clients.get(env.clientId);
      if (app) app.callbacks = ['https://elsewhere.example.com/callback'];
      const result = await runDoctor(env);
      expect(statusOf(result.checks, 'Callback URL allowed')).toEqual(['fail']);
      expect(result.exitCode).toBe(1);
    });
  });

  test('should say that the M2M credentials are refused, and stop', async () => {
    await withTenant({}, async (_emulator, env) => {
      const refused = runDoctor({ ...env, mgmtClientSecret: 'wrong-secret-value' });
      await expect(refused).rejects.toThrow(TenantAccessError);
      await expect(refused).rejects.toMatchObject({
        kind: 'credentials',
        message: expect.stringMatching(
          /^the tenant localhost:\d+ refused the Management API credentials of .* \(401 .*\); fix: /,
        ),
      });
    });
  });

  test('should exit 0 when ready and 1 when not, as a script', async () => {
    test.setTimeout(90_000);
    await withTenant({}, async (emulator) => {
      const ready = await runScript('scripts/doctor.ts', [], childEnvFor(emulator));
      expect(ready.code, ready.stdout + ready.stderr).toBe(0);
      expect(ready.stdout).toContain('READY');
      emulator.context.tenant.factors.set('otp', { enabled: false });
      const unready = await runScript('scripts/doctor.ts', [], childEnvFor(emulator));
      expect(unready.code, unready.stderr).toBe(1);
      expect(unready.stdout).toContain('✗ Guardian factor otp: disabled');
      expect(unready.stdout).toContain('NOT READY');
    });
  });
});

test.describe('doctor checks (pure)', () => {
  test('should warn on when_risky without allow-list and pass with one', () => {
    expect(
      checkBotDetection({ challenge_password_policy: 'when_risky', allowlist: [] }).status,
    ).toBe('warn');
    expect(
      checkBotDetection({ challenge_password_policy: 'always', allowlist: ['203.0.113.0/24'] })
        .status,
    ).toBe('pass');
    expect(checkBotDetection(undefined, '403 Insufficient scope').status).toBe('warn');
  });

  test('should accept update:users in place of update:users_app_metadata', () => {
    const all = [...MGMT_SCOPES].filter((s) => s !== 'update:users_app_metadata');
    expect(checkScopes(all)[0]?.status).toBe('pass');
  });

  test('should match a callback against a wildcard subdomain', () => {
    const env = {
      callbackUrl: 'https://ci-42.preview.example.com/callback',
      testAppOrigin: 'https://ci-42.preview.example.com',
      clientId: 'x',
    };
    const checks = checkTestApplication(
      {
        app_type: 'regular_web',
        grant_types: ['authorization_code'],
        callbacks: ['https://*.preview.example.com/callback'],
        allowed_logout_urls: ['https://*.preview.example.com'],
      },
      env,
    );
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
  });
});

test.describe('live guard', () => {
  test('should refuse a live tenant not in E2E_ALLOWED_TENANTS before any request', async () => {
    const env = liveEnv('prod-tenant.invalid', ['test-tenant.invalid']);
    const spy = fetchSpy(() => new Response('{}', { status: 500 }));
    expect(() => createManagementClient(env, { transport: spy.transport })).toThrow(
      TenantNotAllowedError,
    );
    await expect(runDoctor(env, { transport: spy.transport })).rejects.toThrow(
      /not in E2E_ALLOWED_TENANTS/,
    );
    await expect(
      runSweep(
        env,
        { yes: true, olderThan: '1m', olderThanMs: 60_000 },
        {
          transport: spy.transport,
          log: () => {},
        },
      ),
    ).rejects.toThrow(TenantNotAllowedError);
    // An empty allow-list allows nothing.
    expect(() => createManagementClient(liveEnv('test-tenant.invalid', []))).toThrow(
      TenantNotAllowedError,
    );
    expect(spy.calls).toEqual([]);
  });

  test('should send an allowed live tenant only to https://{domain}', async () => {
    const env = liveEnv('Test-Tenant.invalid', ['test-tenant.invalid']);
    const spy = fetchSpy(
      () =>
        new Response('{"error":"access_denied","error_description":"Unauthorized"}', {
          status: 401,
          headers: { 'content-type': 'application/json' },
        }),
    );
    await expect(runDoctor(env, { transport: spy.transport })).rejects.toMatchObject({
      kind: 'credentials',
      fix: expect.stringContaining('AUTH0_MGMT_CLIENT_ID / AUTH0_MGMT_CLIENT_SECRET'),
    });
    expect(spy.calls.length).toBeGreaterThan(0);
    for (const c of spy.calls) expect(c.url).toMatch(/^https:\/\/Test-Tenant\.invalid\//);
  });

  test('should stop every entry point on a disallowed tenant (playwright, doctor, sweep)', async () => {
    test.setTimeout(120_000);
    const [list, doctor, sweep] = await Promise.all([
      runNpx(['playwright', 'test', '--project=journey', '--list'], DISALLOWED_LIVE_ENV),
      runScript('scripts/doctor.ts', [], DISALLOWED_LIVE_ENV),
      runScript('scripts/sweep.ts', ['--yes'], DISALLOWED_LIVE_ENV),
    ]);
    expect(list.code).not.toBe(0);
    expect(list.stdout + list.stderr).toContain('not in E2E_ALLOWED_TENANTS');
    expect(doctor.code).toBe(2);
    expect(doctor.stderr).toContain('not in E2E_ALLOWED_TENANTS');
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toContain('not in E2E_ALLOWED_TENANTS');
  });
});
