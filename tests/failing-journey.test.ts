/**
 * Two proofs read ONE run of the real journey in a child Playwright process, in the failing mode
 * (tests/failing-journey.ts; its workers start their own tenants): the run takes most of their
 * time, and neither changes what it left.
 *
 * The harness must be able to fail. Under `EMULATOR_USER_READS=fresh` (the hypothetical
 * platform where the end-of-flow MFA evaluation sees the enrollment made in the same
 * transaction), the journey must fail, and say that login 1 was challenged — against a tenant
 * that itself reports reading fresh (a run that could not get such a tenant must not pass as a
 * proof: its workers refuse a tenant that reports another mode).
 *
 * No secret in any artifact: the failure makes Playwright retain a trace (network bodies with
 * the password, DOM snapshots with the TOTP secret) and write `error-context.md`; the
 * single-file report is built from the child's results; then every artifact — Allure results,
 * the report (its embedded base64 data and the trace inside it), the test-results directory,
 * every trace entry, the child's output — is scanned for the run's actual secrets, which the
 * child writes to a sink file outside the scanned directories (E2E_SECRET_SINK), and for any
 * JWT or `otpauth://` URI (the scanner's own proof is in tests/secret-scan.test.ts).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, expect } from '@playwright/test';
import { categoryOf } from '../helpers/report/categories.ts';
import { buildReport } from '../helpers/report/report.ts';
import { SecretScanner } from '../helpers/report/secret-scan.ts';
import { failingJourneyOnce } from './failing-journey.ts';

interface AllureResult {
  name: string;
  status: string;
  statusDetails?: { message?: string };
  parameters?: { name: string; value: string }[];
}

test.describe('harness sensitivity', () => {
  test.setTimeout(300_000);

  test('should fail the journey on login 1 when the platform reads the user fresh', () => {
    const { run, allureResults: allure } = failingJourneyOnce();
    expect(run.status, `child run output:\n${run.stdout}\n${run.stderr}`).toBe(1);
    const results = readdirSync(allure)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(allure, f), 'utf8')) as AllureResult);
    expect(results).toHaveLength(1);
    const [result] = results as [AllureResult];
    expect(result.status).toBe('failed');
    expect(result.statusDetails?.message).toContain('login 1 was challenged');
    // Filed by its typed token, as the report files it.
    expect(categoryOf(result.statusDetails?.message ?? '')).toBe('documented-behaviour-changed');
    // The mode is the one the tenant reported (its /healthz), not the one the run asked for.
    const reported = (result.parameters ?? []).find(
      (p) => p.name === 'tenant user reads (reported by the tenant)',
    );
    expect(reported?.value).toBe('fresh');
  });
});

test.describe('no secret in any artifact', () => {
  test.setTimeout(300_000);

  test('should leave no secret in the artifacts of a failing journey, trace included', async () => {
    const { run, scanRoot, testResults: out, allureResults: allure, sink } = failingJourneyOnce();
    const report = join(scanRoot, 'allure-report');
    writeFileSync(join(scanRoot, 'child-stdout.log'), run.stdout ?? '');
    writeFileSync(join(scanRoot, 'child-stderr.log'), run.stderr ?? '');
    expect(run.status, `child run output:\n${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toContain('login 1 was challenged');

    // The failure retained a trace and error-context.md, and Allure received the trace.
    const testDirs = readdirSync(out).map((d) => join(out, d));
    expect(testDirs.some((d) => existsSync(join(d, 'trace.zip')))).toBe(true);
    expect(testDirs.some((d) => existsSync(join(d, 'error-context.md')))).toBe(true);
    expect(readdirSync(allure).some((f) => f.endsWith('-attachment.zip'))).toBe(true);

    await buildReport({
      resultsDirs: [allure],
      outputDir: report,
      historyPath: join(scanRoot, 'history.jsonl'),
    });
    const recorded = readFileSync(sink, 'utf8')
      .trim()
      .split('\n')
      .flatMap((l) => (JSON.parse(l) as { secrets: { value: string; label: string }[] }).secrets);
    rmSync(dirname(sink), { recursive: true, force: true });
    expect(recorded.filter((s) => s.label === 'password')).toHaveLength(1);
    expect(recorded.filter((s) => s.label === 'totp-secret')).toHaveLength(1);
    // The embedded tenant's client secrets (made up by the child's worker) are recorded too.
    expect(recorded.filter((s) => s.label === 'secret')).toHaveLength(2);
    const secrets = recorded;
    const { findings, scanned } = new SecretScanner(secrets).scanPaths([scanRoot]);
    // The scan covered the trace's entries, in test-results, in Allure's copy and in the report.
    expect(scanned.some((s) => s.includes('test-results') && s.endsWith('!test.trace'))).toBe(true);
    expect(scanned.some((s) => s.includes('allure-results') && /zip!.*\.network$/.test(s))).toBe(
      true,
    );
    expect(scanned.some((s) => s.includes('index.html#base64') && s.endsWith('!test.trace'))).toBe(
      true,
    );
    expect(scanned.some((s) => s.endsWith('error-context.md'))).toBe(true);
    expect(findings, findings.map((f) => `${f.where}: ${f.what}`).join('\n')).toEqual([]);
  });
});
