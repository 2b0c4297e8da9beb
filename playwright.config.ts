/**
 * Playwright configuration: four projects.
 * - `emulator`: the embedded tenant's own tests (in-process tenants on free ports).
 * - `journey`: the journeys against the target of `.env`. On the emulator target each worker
 *   starts its own embedded tenant over HTTPS (fixtures/target.ts), so journeys run in
 *   parallel; on a live tenant one worker (post-login bindings are tenant-wide).
 * - `live-path` (emulator target only): the same journeys configured exactly as for a live
 *   tenant (`E2E_TARGET=live`, `AUTH0_DOMAIN=localhost:PORT`, the allow-list, the seeded
 *   credentials) against an embedded HTTPS tenant: the live code path on every change.
 * - `harness`: tests of the harness itself (its sensitivity, env parsing, …).
 * Every tenant is reached at `https://{domain}`; the certificates trusted beyond the system's
 * are exactly those of `NODE_EXTRA_CA_CERTS`, for Node and Chromium alike (helpers/config/tls-trust.ts).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { artifactsAreScrubbed } from './helpers/report/artifact-scrub.ts';
import { CHROMIUM_ARGS, findChromium } from './helpers/config/browser.ts';
import { FAILURE_CATEGORIES } from './helpers/report/categories.ts';
import { loadConfig } from './helpers/config/env.ts';
import type { TargetOptions } from './fixtures/target.ts';
import {
  chromiumTrustArgs,
  ensureEmbeddedTenantTrust,
  extraTrustedSpkis,
} from './helpers/config/tls-trust.ts';

const config = loadConfig();
const tmp = resolve('.tmp');
const chromiumHome = resolve(tmp, 'chromium-home');
mkdirSync(chromiumHome, { recursive: true });
process.env.TMPDIR ??= tmp;
// Before any worker starts (Node reads NODE_EXTRA_CA_CERTS only at process start): the
// embedded tenants' certificate, which their program generates on first use.
if (config.target === 'emulator') ensureEmbeddedTenantTrust(config.emulator.tlsDir);

const browser = findChromium(config.browserPath);
const isCI = !!process.env.CI;
const journeys = { testDir: 'e2e', testMatch: '**/*.spec.ts' };

export default defineConfig<object, TargetOptions>({
  forbidOnly: isCI,
  retries: 0,
  workers: isCI ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: [
    // First: rewrites traces, error-context.md and other Playwright files with the run's secrets
    // replaced before any other reporter reads them (helpers/report/scrub-reporter.ts).
    ['./helpers/report/scrub-reporter.ts'],
    ['list'],
    [
      'allure-playwright',
      {
        resultsDir: config.allureResultsDir,
        detail: true,
        suiteTitle: true,
        environmentInfo: {
          target: config.target,
          tenant:
            config.live?.domain ?? 'embedded tenants started by the run (one per worker, HTTPS)',
          'Action name': config.actionName,
          browser: `chromium (${browser.source}${browser.executablePath ? `: ${browser.executablePath}` : ''})`,
          node: process.version,
          'run id': config.runId,
          ...(config.ticket ? { ticket: `${config.ticket.id} ${config.ticket.url}` } : {}),
        },
        categories: FAILURE_CATEGORIES.map(({ name, messageRegex, matchedStatuses }) => ({
          name,
          messageRegex,
          matchedStatuses,
        })),
        ...(config.ticketUrlTemplate
          ? {
              links: {
                issue: { urlTemplate: config.ticketUrlTemplate, nameTemplate: 'ticket %s' },
              },
            }
          : {}),
      },
    ],
  ],
  use: {
    launchOptions: {
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
      args: [
        ...CHROMIUM_ARGS,
        ...chromiumTrustArgs(extraTrustedSpkis()),
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
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
    // A live tenant's post-login bindings are shared by every run: one worker (and a lease).
    { name: 'journey', ...journeys, ...(config.target === 'live' ? { workers: 1 } : {}) },
    ...(config.target === 'emulator'
      ? [{ name: 'live-path', ...journeys, use: { tenantAs: 'live-path' as const } }]
      : []),
    { name: 'harness', testDir: 'tests', testMatch: '**/*.test.ts' },
  ],
});
