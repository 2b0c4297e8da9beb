/**
 * Support for the harness tests that run the REAL journey in a child Playwright process, in the
 * failing mode (`EMULATOR_USER_READS=fresh`: the end-of-flow MFA evaluation sees the enrollment
 * made in the same transaction, so login 1 is challenged), on ports of its own.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Two ports free right now on `localhost`, for a child run's emulator and test app: never a
 * fixed number, which another run on the same machine may hold.
 */
export async function freePorts(): Promise<{ emulator: string; app: string }> {
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, 'localhost', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
  const emulator = await one();
  let app = await one();
  while (app === emulator) app = await one();
  return { emulator: String(emulator), app: String(app) };
}

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
