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
import { artifactsAreScrubbed } from './helpers/artifact-scrub.ts';
import { CHROMIUM_ARGS, findChromium } from './helpers/browser.ts';
import { FAILURE_CATEGORIES } from './helpers/categories.ts';
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
    // First: rewrites traces, error-context.md and other Playwright files with the run's secrets
    // replaced before any other reporter reads them (helpers/scrub-reporter.ts).
    ['./helpers/scrub-reporter.ts'],
    ['list'],
    [
      'allure-playwright',
      {
        resultsDir: env.allureResultsDir,
        detail: true,
        suiteTitle: true,
        environmentInfo: {
          target: env.target,
          'tenant domain': env.domain,
          'Action name': env.actionName,
          ...(env.target === 'emulator' ? { 'emulator user reads': env.emulatorUserReads } : {}),
          browser: `chromium (${browser.source}${browser.executablePath ? `: ${browser.executablePath}` : ''})`,
          node: process.version,
          'run id': env.runId,
          ...(env.ticket ? { ticket: `${env.ticket.id} ${env.ticket.url}` } : {}),
        },
        categories: FAILURE_CATEGORIES.map(({ name, messageRegex, matchedStatuses }) => ({
          name,
          messageRegex,
          matchedStatuses,
        })),
        ...(env.ticketUrlTemplate
          ? { links: { issue: { urlTemplate: env.ticketUrlTemplate, nameTemplate: 'ticket %s' } } }
          : {}),
      },
    ],
  ],
  use: {
    launchOptions: {
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
      args: [...CHROMIUM_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, HOME: chromiumHome },
    },
    // A trace captures network bodies (the password POST), DOM snapshots (the TOTP secret) and
    // URLs with tokens: it is kept only for a failed test and rewritten by the scrub reporter
    // before anyone sees it, so it is on only when that reporter runs this process's workers
    // (not with `--reporter=…` on the command line). No screencast: pictures cannot be scrubbed.
    // Videos and Playwright's screenshots stay off; the harness attaches masked screenshots.
    trace: artifactsAreScrubbed()
      ? { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true }
      : 'off',
    video: 'off',
    screenshot: 'off',
  },
  projects: [
    { name: 'emulator', testDir: 'emulator', testMatch: '**/*.test.ts' },
    // One worker: post-login bindings are tenant-wide, and the specs bind different Actions.
    { name: 'journey', testDir: 'e2e', testMatch: '**/*.spec.ts', workers: 1 },
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
