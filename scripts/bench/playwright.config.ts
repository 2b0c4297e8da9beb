/**
 * @module scripts/bench/playwright.config
 * `npm run bench`'s Playwright configuration: the project's own (browser, launch options,
 * certificate trust, timeouts) with one project, `bench`, over the spec copies the bench wrote
 * into `BENCH_SPECS_DIR` (scripts/bench/spec-copies.ts), and the profile reporter only
 * (scripts/bench/profile-reporter.ts, into `BENCH_PROFILE_FILE`).
 */
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

const specs = process.env.BENCH_SPECS_DIR;
const profile = process.env.BENCH_PROFILE_FILE;
if (!specs || !profile) {
  throw new Error('run it through `npm run bench` (BENCH_SPECS_DIR and BENCH_PROFILE_FILE unset)');
}

export default defineConfig({
  ...base,
  testDir: specs,
  outputDir: resolve(specs, '../results'),
  reporter: [['./profile-reporter.ts', { outputFile: profile }]],
  projects: [{ name: 'bench', testDir: specs, testMatch: '*.spec.ts' }],
});
