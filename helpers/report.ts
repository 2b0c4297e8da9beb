/**
 * @module helpers/report
 * Builds the Allure 3 "awesome" single-file report and makes it safe to attach to a support
 * ticket: one self-contained `index.html`, no external script (the analytics tag is removed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** Runs `allure awesome --single-file`; returns the path of the report's `index.html`. */
export async function buildReport(opts: ReportOptions): Promise<string> {
  const args = [
    'allure',
    'awesome',
    ...opts.resultsDirs,
    '--single-file',
    '--output',
    opts.outputDir,
    '--history-path',
    opts.historyPath,
    '--report-name',
    opts.reportName ?? 'Auth0 biometric first-login journey',
  ];
  const r = spawnSync('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`allure awesome failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  }
  const file = join(opts.outputDir, 'index.html');
  writeFileSync(file, stripAnalytics(readFileSync(file, 'utf8')));
  return Promise.resolve(file);
}
