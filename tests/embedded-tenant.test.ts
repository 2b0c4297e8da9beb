/**
 * The embedded tenants the harness starts (helpers/tenant/embedded-tenant.ts): over HTTPS, with
 * credentials of their own, proving through `/healthz` that they serve what was asked, and
 * gone with the process that started them.
 */
import { test, expect } from '@playwright/test';
import {
  healthMismatches,
  startEmbeddedTenant,
  type EmbeddedTenantRequest,
  type TenantHealth,
} from '../helpers/tenant/embedded-tenant.ts';
import { tenantAccess } from '../helpers/config/env.ts';

const REQUEST: EmbeddedTenantRequest = {
  userReads: 'fresh',
  rateLimit: 'free',
  connection: 'Username-Password-Authentication',
  callbackUrl: 'http://localhost:3999/callback',
};

test.describe('embedded tenants started by the harness', () => {
  test('should start over HTTPS and report the mode it was asked for', async () => {
    const tenant = await startEmbeddedTenant(REQUEST);
    try {
      expect(tenant.access.origin).toMatch(/^https:\/\/localhost:\d+$/);
      expect(tenant.health).toMatchObject({
        status: 'ok',
        user_reads: 'fresh',
        rate_limit: 'free',
        issuer: `${tenant.access.origin}/`,
        app_client_id: tenant.access.clientId,
      });
      const discovery = (await (
        await fetch(`${tenant.access.origin}/.well-known/openid-configuration`)
      ).json()) as { issuer: string };
      expect(discovery.issuer).toBe(`${tenant.access.origin}/`);
    } finally {
      await tenant.stop();
    }
    await expect(fetch(`${tenant.access.origin}/healthz`)).rejects.toThrow();
  });

  test('should refuse a tenant that reports another read mode, rate limit, issuer or app', () => {
    const access = tenantAccess(
      'localhost:4999',
      { clientId: 'app', clientSecret: 's', mgmtClientId: 'm', mgmtClientSecret: 's' },
      REQUEST.callbackUrl,
    );
    const health: TenantHealth = {
      status: 'ok',
      tenant: 'emulator',
      issuer: 'https://localhost:4999/',
      user_reads: 'fresh',
      rate_limit: 'free',
      signing_keys: ['k'],
      app_client_id: 'app',
    };
    expect(healthMismatches(REQUEST, access, health)).toEqual([]);
    expect(
      healthMismatches(REQUEST, access, {
        ...health,
        user_reads: 'snapshot',
        rate_limit: 'default',
        issuer: 'http://localhost:4999/',
        app_client_id: 'other',
      }),
    ).toEqual([
      'reads the user "snapshot", not "fresh"',
      'has the rate-limit profile "default", not "free"',
      'has the issuer http://localhost:4999/, not https://localhost:4999/',
      'serves another test application',
    ]);
  });
});

test.describe('a killed runner', () => {
  test('should not leave its embedded tenant behind', async () => {
    // A child that starts an embedded tenant: its start alone is bounded by 90 s under load
    // (START_TIMEOUT_MS in helpers/tenant/embedded-tenant.ts).
    test.setTimeout(150_000);
    const { spawn } = await import('node:child_process');
    const script = `
      const { startEmbeddedTenant } = await import(${JSON.stringify(new URL('../helpers/tenant/embedded-tenant.ts', import.meta.url).href)});
      const t = await startEmbeddedTenant(${JSON.stringify(REQUEST)});
      console.log('ORIGIN ' + t.access.origin);
      setInterval(() => {}, 1000);`;
    const runner = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const origin = await new Promise<string>((resolve, reject) => {
      let out = '';
      runner.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /ORIGIN (\S+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      runner.once('exit', (code) => reject(new Error(`runner exited early (${String(code)})`)));
    });
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    runner.kill('SIGKILL');
    await expect
      .poll(
        () =>
          fetch(`${origin}/healthz`).then(
            () => 'serving',
            () => 'gone',
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe('gone');
  });
});
