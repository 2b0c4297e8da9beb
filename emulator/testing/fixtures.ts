/**
 * @module emulator/testing/fixtures
 * Fixtures for the emulator's own tests: an in-process tenant per worker (free port), reached
 * only over HTTP like any other client, and the application it redirects to. The application
 * is a real HTTP server on a free port that answers every request, so a browser sent to the
 * callback always lands on a page (never on an error page, never on another program that
 * happens to listen on a well-known port) and a test can wait for that navigation to finish.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base } from '@playwright/test';
import { fromEnv, type EmulatorConfig } from '../config.ts';
import { startEmulator, type Emulator } from '../app.ts';

export interface EmulatorFixtures {
  /** Overrides for the tenant's configuration (`test.use({ emulatorConfig: {...} })`). */
  emulatorConfig: Partial<EmulatorConfig>;
  emulator: Emulator;
}

/** The seeded test application's stand-in: answers 200 to anything (its callback included). */
async function startApplication(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>application</title><p>callback received</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const test = base.extend<Record<never, never>, EmulatorFixtures>({
  emulatorConfig: [{}, { option: true, scope: 'worker' }],
  emulator: [
    async ({ emulatorConfig }, use) => {
      const application = await startApplication();
      const defaults = fromEnv({ AUTH0_CALLBACK_URL: `${application.origin}/callback` });
      const config: EmulatorConfig = { ...defaults, port: 0, ...emulatorConfig };
      const emulator = await startEmulator(config);
      await use(emulator);
      await emulator.close();
      await application.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
