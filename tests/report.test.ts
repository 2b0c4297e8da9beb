/**
 * The report is one offline file: `buildReport` (what `npm run report` and the end of
 * `npm run e2e` run) makes a single self-contained `index.html` that loads nothing from the
 * network when opened from disk, carries the failure categories, and accumulates run history.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { FAILURE_CATEGORIES } from '../helpers/report/categories.ts';
import { buildReport } from '../helpers/report/report.ts';

/** A minimal allure-results directory: one failed test with an SVG attachment, environment. */
function writeResults(dir: string, run: number): void {
  mkdirSync(dir, { recursive: true });
  const start = Date.UTC(2026, 0, run, 10);
  writeFileSync(
    join(dir, `00000000-0000-4000-8000-00000000000${run}-result.json`),
    JSON.stringify({
      uuid: `00000000-0000-4000-8000-00000000000${run}`,
      historyId: 'fixture-history-id',
      testCaseId: 'fixture-test-case',
      fullName: 'fixture.spec.ts#journey',
      name: 'should not challenge login 1',
      status: 'failed',
      stage: 'finished',
      statusDetails: {
        message:
          'Error: [documented-behaviour-changed] login 1 was challenged for device biometrics (…), but Auth0 documents …',
      },
      labels: [{ name: 'epic', value: 'Auth0 MFA with device biometrics' }],
      links: [
        { url: 'https://support.example.com/tickets/SUP-1', name: 'ticket SUP-1', type: 'issue' },
      ],
      parameters: [],
      attachments: [
        {
          name: 'timeline · login 1',
          source: `timeline-${run}-attachment.svg`,
          type: 'image/svg+xml',
        },
      ],
      steps: [],
      start,
      stop: start + 1000,
    }),
  );
  writeFileSync(
    join(dir, `timeline-${run}-attachment.svg`),
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
  );
  writeFileSync(join(dir, 'environment.properties'), 'target=emulator\n');
}

test.describe('the single-file Allure report', () => {
  test.setTimeout(180_000);

  test('should be one self-contained file that fetches nothing, with categories and history', async ({
    page,
  }, testInfo) => {
    const history = testInfo.outputPath('history.jsonl');
    const reports: string[] = [];
    for (const run of [1, 2]) {
      const results = testInfo.outputPath(`results-${run}`);
      writeResults(results, run);
      reports.push(
        await buildReport({
          resultsDirs: [results],
          outputDir: testInfo.outputPath(`report-${run}`),
          historyPath: history,
          reportName: 'fixture report',
        }),
      );
    }

    // History accumulates: one line per build, both with our test under the same history id.
    const lines = readFileSync(history, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const ids = lines.map((l) =>
      Object.keys((JSON.parse(l) as { testResults: Record<string, unknown> }).testResults),
    );
    expect(ids[0]).toHaveLength(1);
    expect(ids[1]).toEqual(ids[0]);

    const file = reports[1] as string;
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=["']?https?:/i);
    // Self-contained: every script and linked resource is inline or a data: URL.
    expect(html).not.toMatch(/<script[^>]+src=(?!["']?data:)/i);
    expect(html).not.toMatch(/<link[^>]+href=(?!["']?data:)/i);
    expect(html).not.toMatch(/googletagmanager|gtag\(/i);

    // Opened from disk, the report requests nothing beyond file:, data: and blob: URLs.
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(?:file|data|blob):/.test(url)) return route.continue();
      external.push(url);
      return route.abort();
    });
    page.on('websocket', (ws) => external.push(ws.url()));
    await page.goto(`file://${file}`);
    await expect(page.getByText('should not challenge login 1').first()).toBeVisible();
    await page.getByText('should not challenge login 1').first().click();
    // The failure category is the harness's, not Allure's default "Product errors".
    await expect(page.getByText(FAILURE_CATEGORIES[1]?.name as string).first()).toBeVisible();
    await expect(page.getByText('ticket SUP-1').first()).toBeVisible();
    await page.getByText('timeline · login 1').first().click();
    await page.waitForTimeout(500);
    expect(external).toEqual([]);
  });
});
