/**
 * `npm run bench [-- --runs N]`: measures the journey on the embedded tenant — wall time per
 * journey (p50/p95/max) and the flake rate over N runs — and checks them against targets.
 * Speed and flakiness are measured here, never asserted in tests.
 * Each worker starts its own embedded tenant on free ports. Exits 1 when a target is missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TARGETS = { p50Ms: 15_000, p95Ms: 25_000, flakeRate: 0 };

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
if (!Number.isInteger(runs) || runs < 1 || runs > 200) {
  console.error('--runs must be a whole number from 1 to 200');
  process.exit(2);
}

interface Result {
  status: string;
  duration: number;
}
interface Suite {
  suites?: Suite[];
  specs: { tests: { results: Result[] }[] }[];
}
const collect = (s: Suite): Result[] => [
  ...s.specs.flatMap((sp) => sp.tests.flatMap((t) => t.results)),
  ...(s.suites ?? []).flatMap(collect),
];

const out = mkdtempSync(join(resolve('.tmp'), 'bench-'));
const report = join(out, 'report.json');
const started = Date.now();
spawnSync(
  'npx',
  [
    'playwright',
    'test',
    'e2e/biometric-first-login.spec.ts',
    '--project=journey',
    `--repeat-each=${runs}`,
    '--workers=1',
    '--reporter=json',
    `--output=${join(out, 'results')}`,
  ],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      E2E_TARGET: 'emulator',
      ALLURE_RESULTS_DIR: join(out, 'allure-results'),
      PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    },
  },
);
const wall = Date.now() - started;
const results = (JSON.parse(readFileSync(report, 'utf8')) as { suites: Suite[] }).suites.flatMap(
  collect,
);
const durations = results.map((r) => r.duration).sort((a, b) => a - b);
const failed = results.filter((r) => r.status !== 'passed').length;
const pct = (p: number) =>
  durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))] ?? NaN;
const p50 = pct(50);
const p95 = pct(95);
const flakeRate = results.length ? failed / results.length : 1;

const rows: [string, string, string, boolean][] = [
  ['journeys run', `${results.length}`, `${runs}`, results.length === runs],
  [
    'p50 journey',
    `${(p50 / 1000).toFixed(1)} s`,
    `≤ ${TARGETS.p50Ms / 1000} s`,
    p50 <= TARGETS.p50Ms,
  ],
  [
    'p95 journey',
    `${(p95 / 1000).toFixed(1)} s`,
    `≤ ${TARGETS.p95Ms / 1000} s`,
    p95 <= TARGETS.p95Ms,
  ],
  ['max journey', `${((durations.at(-1) ?? NaN) / 1000).toFixed(1)} s`, '', true],
  [
    'failed runs',
    `${failed} (${(flakeRate * 100).toFixed(1)} %)`,
    `${TARGETS.flakeRate * 100} %`,
    flakeRate <= TARGETS.flakeRate,
  ],
  ['wall time incl. servers', `${(wall / 1000).toFixed(1)} s`, '', true],
];
console.log('\nJourney benchmark (embedded tenant, 1 worker)');
for (const [name, value, target, ok] of rows) {
  console.log(`  ${ok ? '✓' : '✗'} ${name.padEnd(24)} ${value.padEnd(14)} ${target}`);
}
process.exit(rows.every((r) => r[3]) ? 0 : 1);
