/**
 * @module scripts/bench
 * `npm run bench [-- --runs N] [--logins N] [--workers W]`: how fast the harness is, against
 * floors measured in the same run (issue 12). Speed and flakiness are measured here, never
 * asserted in tests.
 *
 * 1. Tenant login vs its floor: N HTTP password logins through an embedded tenant against N
 *    through a bare oidc-provider with the same password hashing, alternated
 *    (emulator/bench/login-floor.ts, run as a program: scripts/bench/login-bench.ts).
 * 2. Journey vs its navigation floor: the journey spec and the floor spec
 *    (scripts/bench/floor/) alternated in ONE worker — same browser, same CDP virtual
 *    authenticator, same machine load — after a warm-up round; p50/p95, failed runs, and the
 *    per-step profile of where the journey's time goes beyond the floor's.
 * 3. With `--workers W` (W ≥ 2): the journey alone at 1, …, W workers, in journeys per minute.
 *
 * Exits 1 when a target is missed or a run failed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLoginBench } from './bench/login-bench.ts';
import { printJourneys, printLogins, printThroughput } from './bench/report.ts';
import { runSpecCopies, type SpecRun } from './bench/run-specs.ts';
import { ROOT } from './bench/spec-copies.ts';

function option(name: string, fallback: number, max: number): number {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`${name} must be a whole number from 1 to ${max}`);
    process.exit(2);
  }
  return value;
}

const runs = option('--runs', 10, 200);
const logins = option('--logins', 100, 10_000);
const workers = option('--workers', 1, 8);

const workDir = join(ROOT, '.tmp', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(workDir, { recursive: true });
console.log(`npm run bench: ${runs} journey runs, ${logins} logins, up to ${workers} worker(s)`);
console.log(`  work files: ${workDir}`);

const loginResult = await runLoginBench(join(workDir, 'logins'), logins);
const loginOk = printLogins(loginResult);

const paired = await runSpecCopies({
  workDir,
  name: 'journey-vs-floor',
  rounds: runs,
  kinds: ['journey', 'floor'],
  workers: 1,
});
const journeyOk = printJourneys(paired, runs);

let throughputOk = true;
if (workers > 1) {
  const byWorkers = new Map<number, SpecRun>();
  for (let w = 1; w <= workers; w++) {
    // The same journeys at every worker count (round 0 included: a worker's first journey
    // pays for its tenant and browser, and the steady rate leaves it out).
    byWorkers.set(
      w,
      await runSpecCopies({
        workDir,
        name: `throughput-${w}-workers`,
        rounds: Math.max(runs, 2 * workers),
        kinds: ['journey'],
        workers: w,
      }),
    );
  }
  throughputOk = printThroughput(byWorkers);
}

process.exit(loginOk && journeyOk && throughputOk ? 0 : 1);
