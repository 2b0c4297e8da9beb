/**
 * Support for the harness tests that run the REAL journey in a child Playwright process, in the
 * failing mode (`EMULATOR_USER_READS=fresh`: the end-of-flow MFA evaluation sees the enrollment
 * made in the same transaction, so login 1 is challenged). The child's workers start their own
 * embedded tenants and test applications on free ports.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
export interface FailingJourneyRun {
  /** Arguments after `npx playwright test --project=journey`. */
  args: string[];
  /** More environment for the child. */
  env?: Record<string, string>;
  timeoutMs: number;
}

/** Runs `npx playwright test --project=journey …args` against a fresh-reading emulator. */
export function runFailingJourney({
  args,
  env = {},
  timeoutMs,
}: FailingJourneyRun): SpawnSyncReturns<string> {
  return spawnSync('npx', ['playwright', 'test', '--project=journey', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      CI: '1',
      E2E_TARGET: 'emulator',
      EMULATOR_USER_READS: 'fresh',
      ...env,
    },
    timeout: timeoutMs,
  });
}

/** One failing-journey run of the first-login spec and where it left its artifacts. */
export interface FailingJourneyArtifacts {
  run: SpawnSyncReturns<string>;
  /** Every artifact of the run is under it: `test-results/`, `allure-results/`. */
  scanRoot: string;
  testResults: string;
  allureResults: string;
  /** The secrets the child recorded (E2E_SECRET_SINK), outside `scanRoot`: not an artifact. */
  sink: string;
}

let done: FailingJourneyArtifacts | undefined;

/**
 * The failing journey of e2e/biometric-first-login.spec.ts, run once per worker process and
 * shared by the tests that read it (tests/failing-journey.test.ts): the run takes most of those
 * tests' time, and each reads it without changing it.
 */
export function failingJourneyOnce(): FailingJourneyArtifacts {
  if (done) return done;
  const scanRoot = mkdtempSync(join(resolve('.tmp'), 'failing-journey-'));
  const sink = join(mkdtempSync(join(resolve('.tmp'), 'secret-sink-')), 'secrets.jsonl');
  const testResults = join(scanRoot, 'test-results');
  const allureResults = join(scanRoot, 'allure-results');
  const run = runFailingJourney({
    args: ['e2e/biometric-first-login.spec.ts', `--output=${testResults}`],
    env: { ALLURE_RESULTS_DIR: allureResults, E2E_SECRET_SINK: sink, FORCE_COLOR: '0' },
    timeoutMs: 240_000,
  });
  done = { run, scanRoot, testResults, allureResults, sink };
  return done;
}
