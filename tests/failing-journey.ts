/**
 * Support for the harness tests that run the REAL journey in a child Playwright process, in the
 * failing mode (`EMULATOR_USER_READS=fresh`: the end-of-flow MFA evaluation sees the enrollment
 * made in the same transaction, so login 1 is challenged), on ports of its own.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export interface FailingJourneyRun {
  /** The child's emulator and test-app ports (each caller its own, they may run in parallel). */
  ports: { emulator: string; app: string };
  /** Arguments after `npx playwright test --project=journey`. */
  args: string[];
  /** More environment for the child. */
  env?: Record<string, string>;
  timeoutMs: number;
}

/** Runs `npx playwright test --project=journey …args` against a fresh-reading emulator. */
export function runFailingJourney({
  ports,
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
      EMULATOR_PORT: ports.emulator,
      TEST_APP_PORT: ports.app,
      AUTH0_CALLBACK_URL: `http://localhost:${ports.app}/callback`,
      ...env,
    },
    timeout: timeoutMs,
  });
}
