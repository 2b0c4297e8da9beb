/**
 * Replay bundles (helpers/tenant-config/bundle.ts): the report's `replay-bundle.json` written
 * out as the Deploy CLI configuration `npm run replay` seeds a fresh embedded tenant from.
 */
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { BUNDLE_FORMAT, replayBundle, writeBundleConfig } from '../helpers/tenant-config/bundle.ts';
import { readTenantYaml } from '../helpers/tenant-config/compare.ts';
import type { TenantSnapshot } from '../helpers/tenant-config/snapshot.ts';

const SNAPSHOT: TenantSnapshot = {
  postLoginBindings: ['Biometric enrollment'],
  actions: [
    {
      name: 'Biometric enrollment',
      version: 3,
      codeSha256: 'c'.repeat(64),
      runtime: 'node22',
      secretNames: ['API_KEY'],
    },
  ],
  guardianFactors: { otp: true, 'webauthn-platform': true },
  guardianPolicies: [],
  tenantFlags: { customize_mfa_in_postlogin_action: true },
  connection: { name: 'Username-Password-Authentication', options: { passwordPolicy: 'good' } },
  code: { 'Biometric enrollment': 'exports.onExecutePostLogin = async () => {};\n' },
};

test.describe('replay bundles', () => {
  test('should write a bundle as a Deploy CLI configuration with the Actions and no secret values', async () => {
    const bundle = replayBundle(
      SNAPSHOT,
      {
        spec: 'e2e/biometric-first-login.spec.ts',
        title: 't',
        userReads: 'snapshot',
        connection: 'Username-Password-Authentication',
        runId: 'local',
      },
      { node: process.version },
    );
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle.notes.join('\n')).toContain('Biometric enrollment: API_KEY');
    const dir = mkdtempSync(join(resolve('.tmp'), 'bundle-'));
    const yaml = await readTenantYaml(writeBundleConfig(bundle, dir), {
      AUTH0_CONNECTION: 'Username-Password-Authentication',
    });
    expect(yaml.actions).toEqual([
      expect.objectContaining({
        name: 'Biometric enrollment',
        code: SNAPSHOT.code['Biometric enrollment'],
        secrets: [{ name: 'API_KEY', value: '' }],
      }),
    ]);
    expect(yaml.triggers).toEqual({
      'post-login': [{ action_name: 'Biometric enrollment', display_name: 'Biometric enrollment' }],
    });
    expect(yaml.guardianFactors).toEqual([
      { name: 'otp', enabled: true },
      { name: 'webauthn-platform', enabled: true },
    ]);
    expect(() => writeBundleConfig({ ...bundle, format: 'x' } as never, dir)).toThrow(
      /not a replay bundle/,
    );
    expect(() => writeBundleConfig({ ...bundle, actions: { '../evil': '' } }, dir)).toThrow(
      /not usable as a folder/,
    );
  });
});
