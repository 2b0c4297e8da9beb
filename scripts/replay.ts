/**
 * @module scripts/replay
 * `npm run replay -- <bundle.json> [playwright args…]`: reruns a reported journey offline. The
 * bundle (the report's `replay-bundle.json` attachment: helpers/tenant-config/bundle.ts) is
 * written out as a Deploy CLI configuration, and the journey runs against a fresh embedded
 * tenant seeded from it with `a0deploy import` (the release gate's `E2E_TENANT_CONFIG` path),
 * reading the user as the reported tenant did. No credentials, no live tenant.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeBundleConfig, type ReplayBundle } from '../helpers/tenant-config/bundle.ts';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: npm run replay -- <replay-bundle.json> [playwright test arguments]');
  process.exit(2);
}
let bundle: ReplayBundle;
let config: string;
try {
  bundle = JSON.parse(readFileSync(file, 'utf8')) as ReplayBundle;
  config = writeBundleConfig(bundle, mkdtempSync(join(resolve('.tmp'), 'replay-')));
} catch (err) {
  console.error(`cannot read the replay bundle ${file}: ${(err as Error).message}`);
  process.exit(2);
}
console.log(
  `Replaying "${bundle.journey.title}" (${bundle.journey.spec}, user reads: ${bundle.journey.userReads}) from ${config}`,
);
for (const note of bundle.notes) console.log(`note: ${note}`);
const run = spawnSync(
  'npx',
  ['playwright', 'test', '--project=journey', bundle.journey.spec, ...rest],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      E2E_TARGET: 'emulator',
      E2E_TENANT_CONFIG: config,
      EMULATOR_USER_READS: bundle.journey.userReads,
      AUTH0_CONNECTION: bundle.journey.connection,
    },
  },
);
process.exit(run.status ?? 1);
