/**
 * Drift (helpers/tenant-config/): the redacted snapshot of what the journey depends on, read
 * from an embedded tenant in a handful of calls, its digest kept in the report's history, and
 * the changes since the last passing run named in words.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { driftText } from '../fixtures/tenant-snapshot.ts';
import { startEmbeddedTenant } from '../helpers/tenant/embedded-tenant.ts';
import { embeddedEnv, loadConfig } from '../helpers/config/env.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { lastPassingSnapshot, SNAPSHOT_LABEL } from '../helpers/tenant-config/history.ts';
import {
  readTenantSnapshot,
  snapshotChanges,
  snapshotDigest,
  type SnapshotDigest,
} from '../helpers/tenant-config/snapshot.ts';

const GREEN: SnapshotDigest = {
  postLoginBindings: ['Biometric enrollment'],
  actions: [
    {
      name: 'Biometric enrollment',
      version: 1,
      codeSha256: 'a'.repeat(64),
      runtime: 'node22',
      secretNames: [],
    },
  ],
  guardianFactors: { otp: true, 'webauthn-platform': true, sms: false },
  guardianPolicies: [],
  tenantFlags: { customize_mfa_in_postlogin_action: true },
  connection: { name: 'Username-Password-Authentication', options: { passwordPolicy: 'good' } },
};

/** A history.jsonl with one run per digest and status, oldest first. */
function history(runs: { status: string; digest: SnapshotDigest; timestamp: number }[]): string {
  const dir = mkdtempSync(join(resolve('.tmp'), 'drift-history-'));
  const file = join(dir, 'history.jsonl');
  const lines = runs.map((r, i) =>
    JSON.stringify({
      uuid: `run-${i}`,
      timestamp: r.timestamp,
      testResults: {
        [`h${i}`]: {
          status: r.status,
          labels: [{ name: SNAPSHOT_LABEL, value: JSON.stringify(r.digest) }],
        },
      },
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test.describe('tenant drift', () => {
  test('should name a changed Action, a disabled factor and reordered bindings', () => {
    const red: SnapshotDigest = structuredClone(GREEN);
    red.actions[0] = { ...GREEN.actions[0]!, version: 2, codeSha256: 'b'.repeat(64) };
    red.guardianFactors['webauthn-platform'] = false;
    red.postLoginBindings = ['Other', 'Biometric enrollment'];
    const changes = snapshotChanges(GREEN, red);
    expect(changes).toEqual([
      'post-login bindings: Biometric enrollment ⇒ Other → Biometric enrollment',
      'Action "Biometric enrollment": code changed (version 1 → 2, sha256 aaaaaaaaaaaa → bbbbbbbbbbbb)',
      'Guardian factor webauthn-platform: enabled → disabled',
    ]);
    expect(snapshotChanges(GREEN, structuredClone(GREEN))).toEqual([]);
  });

  test('should compare with the last PASSING run of the history, not the last run', () => {
    const changed: SnapshotDigest = structuredClone(GREEN);
    changed.tenantFlags.customize_mfa_in_postlogin_action = false;
    const file = history([
      { status: 'passed', digest: GREEN, timestamp: 1000 },
      { status: 'failed', digest: changed, timestamp: 2000 },
    ]);
    const last = lastPassingSnapshot(file);
    expect(last?.timestamp).toBe(1000);
    expect(last?.digest).toEqual(GREEN);
    const text = driftText(snapshotChanges(last!.digest, changed), last?.timestamp);
    expect(text).toContain('Changed since the last passing run (1970-01-01T00:00:01.000Z)');
    expect(text).toContain('tenant customize_mfa_in_postlogin_action: true → false');
    expect(lastPassingSnapshot(join(resolve('.tmp'), 'no-such-history.jsonl'))).toBeUndefined();
  });

  test('should read the snapshot from a tenant in at most 8 calls, without secrets', async () => {
    const tenant = await startEmbeddedTenant({
      userReads: 'snapshot',
      rateLimit: 'default',
      connection: 'Username-Password-Authentication',
      callbackUrl: 'http://localhost:3999/callback',
    });
    try {
      const env = embeddedEnv(loadConfig(), tenant.access);
      const calls: string[] = [];
      const management = createManagementClient(env, {
        transport: (input, init) => {
          const url =
            input instanceof Request ? input.url : input instanceof URL ? input.href : input;
          if (new URL(url).pathname.startsWith('/api/v2/')) calls.push(new URL(url).pathname);
          return fetch(input, init);
        },
      });
      const snapshot = await readTenantSnapshot(management, 'Username-Password-Authentication');
      expect(calls.length).toBeLessThanOrEqual(8);
      expect(snapshot.guardianFactors).toMatchObject({ otp: true, 'webauthn-platform': true });
      expect(snapshot.tenantFlags.customize_mfa_in_postlogin_action).toBe(true);
      expect(snapshot.connection?.options).toMatchObject({ passwordPolicy: 'good' });
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain(tenant.access.clientSecret);
      expect(text).not.toContain(tenant.access.mgmtClientSecret);
      expect(JSON.stringify(snapshotDigest(snapshot))).not.toContain('"code"');
    } finally {
      await tenant.stop();
    }
  });
});
