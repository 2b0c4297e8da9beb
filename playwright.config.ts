/**
 * Playwright configuration: three projects.
 * - `emulator`: the embedded tenant's own tests (in-process tenants on free ports, HTTP only).
 * - `journey`: the biometric first-login journey against the target from `.env`.
 * - `harness`: tests of the harness itself (its sensitivity, env parsing, …).
 * On the emulator target, `webServer` starts the tenant and the test application.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './helpers/browser.ts';
import { loadEnv } from './helpers/env.ts';

const env = loadEnv();
const tmp = resolve('.tmp');
const chromiumHome = resolve(tmp, 'chromium-home');
mkdirSync(chromiumHome, { recursive: true });
process.env.TMPDIR ??= tmp;

const browser = findChromium(env.browserPath);
const isCI = !!process.env.CI;

export default defineConfig({
  forbidOnly: isCI,
  retries: 0,
  workers: isCI ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: [
    ['list'],
    ['allure-playwright', { resultsDir: 'allure-results', detail: true, suiteTitle: true }],
  ],
  use: {
    launchOptions: {
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
      args: [...CHROMIUM_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, HOME: chromiumHome },
    },
    // Traces and videos would capture passwords, OTP secrets and tokens; the harness attaches
    // its own redacted evidence and screenshots instead.
    trace: 'off',
    video: 'off',
    screenshot: 'off',
  },
  projects: [
    { name: 'emulator', testDir: 'emulator', testMatch: '**/*.test.ts' },
    { name: 'journey', testDir: 'e2e', testMatch: '**/*.spec.ts' },
    { name: 'harness', testDir: 'tests', testMatch: '**/*.test.ts' },
  ],
  webServer:
    env.target === 'emulator'
      ? [
          {
            command: 'npx tsx emulator/main.ts',
            url: `http://localhost:${env.emulatorPort}/healthz`,
            reuseExistingServer: !isCI,
            timeout: 30_000,
            stdout: 'pipe',
          },
          {
            command: 'npx tsx test-app/main.ts',
            url: `${env.testAppOrigin}/healthz`,
            reuseExistingServer: !isCI,
            timeout: 30_000,
            stdout: 'pipe',
          },
        ]
      : [
          {
            command: 'npx tsx test-app/main.ts',
            url: `${env.testAppOrigin}/healthz`,
            reuseExistingServer: !isCI,
            timeout: 30_000,
          },
        ],
});
