/**
 * The tenant served over HTTPS like a real one (design.md "Targets"): `https://localhost:PORT`
 * everywhere (issuer, discovery, JWKS, Management API audience), with a certificate for
 * `localhost` generated on the first start, reused afterwards, and trusted by nothing unless a
 * client is told to trust it.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { get as httpsGet } from 'node:https';
import { test, expect } from './testing/fixtures.ts';
import { fromEnv } from './config.ts';
import { startEmulator } from './app.ts';
import { ensureTenantTls, spkiSha256 } from './tls.ts';

test.describe('HTTPS tenant (EMULATOR_HTTPS=1)', () => {
  test('should generate a localhost certificate once, keep its key private and reuse it', async () => {
    const dir = mkdtempSync(join(resolve('.tmp'), 'tls-'));
    const first = await ensureTenantTls(dir);
    expect(first.created).toBe(true);
    expect(statSync(join(dir, 'key.pem')).mode & 0o077).toBe(0);
    const second = await ensureTenantTls(dir);
    expect(second.created).toBe(false);
    expect(second.cert).toBe(first.cert);
    expect(second.spkiSha256).toBe(spkiSha256(first.cert));
  });

  test('should serve issuer, discovery, JWKS and the Management audience on https://localhost:PORT', async () => {
    const dir = mkdtempSync(join(resolve('.tmp'), 'tls-'));
    const emulator = await startEmulator({
      ...fromEnv({ EMULATOR_HTTPS: '1', EMULATOR_TLS_DIR: dir }),
      port: 0,
    });
    try {
      expect(emulator.origin).toMatch(/^https:\/\/localhost:\d+$/);
      const ca = emulator.tls?.cert;
      const get = (path: string) =>
        new Promise<{ status: number; body: string }>((done, fail) => {
          httpsGet(`${emulator.origin}${path}`, { ca }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => done({ status: res.statusCode ?? 0, body }));
          }).on('error', fail);
        });
      const discovery = JSON.parse((await get('/.well-known/openid-configuration')).body) as Record<
        string,
        string
      >;
      expect(discovery.issuer).toBe(`${emulator.origin}/`);
      for (const key of [
        'authorization_endpoint',
        'token_endpoint',
        'jwks_uri',
        'userinfo_endpoint',
      ]) {
        expect(discovery[key], key).toMatch(new RegExp(`^${emulator.origin}/`));
      }
      expect((await get('/.well-known/jwks.json')).status).toBe(200);
      expect(emulator.context.managementAudience).toBe(
        `https://${emulator.context.domain}/api/v2/`,
      );
      // Without being told to trust it, a client refuses it: trusting it is a choice.
      const refused = await fetch(`${emulator.origin}/healthz`).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Error);
    } finally {
      await emulator.close();
    }
  });
});
