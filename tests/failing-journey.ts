/**
 * Support for the harness tests that run the REAL journey in a child Playwright process, in the
 * failing mode (`EMULATOR_USER_READS=fresh`: the end-of-flow MFA evaluation sees the enrollment
 * made in the same transaction, so login 1 is challenged). The child's workers start their own
 * embedded tenants and test applications on free ports.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
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
