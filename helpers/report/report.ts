/**
 * @module helpers/report/report
 * Builds the Allure 3 "awesome" single-file report and makes it safe to attach to a support
 * ticket: one self-contained `index.html`, no external script (the analytics tag is removed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allure3Categories } from './categories.ts';

export interface ReportOptions {
  resultsDirs: string[];
  outputDir: string;
  historyPath: string;
  reportName?: string;
}

/** Removes every `<script>` that loads from or talks to Google Tag Manager / gtag. */
export function stripAnalytics(html: string): string {
  return html
    .replace(/<script[^>]*googletagmanager\.com[^>]*>\s*<\/script>/gi, '')
    .replace(/<script>(?:(?!<\/script>)[\s\S])*?gtag\((?:(?!<\/script>)[\s\S])*?<\/script>/gi, '');
}

/**
 * Runs `allure awesome --single-file` with the harness's failure categories (Allure 3 reads
 * them from its config, not from the results); returns the path of the report's `index.html`.
 */
export async function buildReport(opts: ReportOptions): Promise<string> {
  // A plain JSON config (importing `allure` in an allurerc.mjs would run the CLI).
  const configDir = mkdtempSync(join(tmpdir(), 'allurerc-'));
  const config = join(configDir, 'allurerc.json');
  writeFileSync(config, JSON.stringify({ categories: allure3Categories() }, null, 2));
  const args = [
    'allure',
    'awesome',
    ...opts.resultsDirs,
    '--config',
    config,
    '--single-file',
    '--output',
    opts.outputDir,
    '--history-path',
    opts.historyPath,
    '--report-name',
    opts.reportName ?? 'Auth0 biometric first-login journey',
  ];
  const r = spawnSync('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  rmSync(configDir, { recursive: true, force: true });
  if (r.status !== 0) {
    throw new Error(`allure awesome failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  }
  const file = join(opts.outputDir, 'index.html');
  writeFileSync(file, stripAnalytics(readFileSync(file, 'utf8')));
  return Promise.resolve(file);
}
