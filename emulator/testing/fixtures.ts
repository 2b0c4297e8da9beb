/**
 * @module emulator/testing/fixtures
 * Fixtures for the emulator's own tests: a fresh in-process tenant per test file (worker
 * scope, free port), reached only over HTTP like any other client.
 */
import { test as base } from '@playwright/test';
import { fromEnv, type EmulatorConfig } from '../config.ts';
import { startEmulator, type Emulator } from '../app.ts';

export interface EmulatorFixtures {
  /** Overrides for the tenant's configuration (`test.use({ emulatorConfig: {...} })`). */
  emulatorConfig: Partial<EmulatorConfig>;
  emulator: Emulator;
}

export const test = base.extend<Record<never, never>, EmulatorFixtures>({
  emulatorConfig: [{}, { option: true, scope: 'worker' }],
  emulator: [
    async ({ emulatorConfig }, use) => {
      const config: EmulatorConfig = { ...fromEnv({}), port: 0, ...emulatorConfig };
      const emulator = await startEmulator(config);
      await use(emulator);
      await emulator.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
