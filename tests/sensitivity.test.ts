/**
 * The harness must be able to fail. Under `EMULATOR_USER_READS=fresh` (the hypothetical
 * platform where the end-of-flow MFA evaluation sees the enrollment made in the same
 * transaction), the journey must fail, and say that login 1 was challenged.
 * Runs the real journey in a child Playwright process on its own ports.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { freePorts, runFailingJourney } from './failing-journey.ts';

interface JsonReport {
  suites: JsonSuite[];
  stats: { expected: number; unexpected: number };
}
interface JsonSuite {
  suites?: JsonSuite[];
  specs: {
    title: string;
    tests: { results: { status: string; error?: { message?: string } }[] }[];
  }[];
}

function failures(suite: JsonSuite): string[] {
  const own = suite.specs.flatMap((s) =>
    s.tests.flatMap((t) =>
      t.results.filter((r) => r.status !== 'passed').map((r) => r.error?.message ?? ''),
    ),
  );
  return [...own, ...(suite.suites ?? []).flatMap(failures)];
}

test.describe('harness sensitivity', () => {
  test.setTimeout(240_000);

  test('should fail the journey on login 1 when the platform reads the user fresh', async () => {
    const out = mkdtempSync(join(resolve('.tmp'), 'sensitivity-'));
    const reportFile = join(out, 'report.json');
    const run = runFailingJourney({
      ports: await freePorts(),
      args: ['--reporter=json', `--output=${join(out, 'results')}`],
      env: { PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile },
      timeoutMs: 220_000,
    });
    expect(run.status, `child run output:\n${run.stderr}`).toBe(1);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
    expect(report.stats.unexpected).toBeGreaterThan(0);
    const messages = report.suites.flatMap(failures).join('\n');
    expect(messages).toContain('login 1 was challenged');
  });
});
