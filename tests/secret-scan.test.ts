/**
 * No secret in any artifact. Runs the REAL journey in a child Playwright process, in the
 * failing mode (`EMULATOR_USER_READS=fresh`: login 1 is challenged), so that Playwright retains
 * a trace (network bodies with the password, DOM snapshots with the TOTP secret) and writes
 * `error-context.md`; builds the single-file report from the child's results; then scans every
 * artifact — Allure results, the report (its embedded base64 data and the trace inside it), the
 * test-results directory, every trace entry, the child's output — for the run's actual secrets,
 * which the child writes to a sink file outside the scanned directories (E2E_SECRET_SINK), and
 * for any JWT or `otpauth://` URI. The scanner first proves it finds planted secrets.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { buildReport } from '../helpers/report.ts';
import { SecretScanner } from '../helpers/secret-scan.ts';
import { writeZip } from '../helpers/zip.ts';
import { runFailingJourney } from './failing-journey.ts';

test.describe('no secret in any artifact', () => {
  test.setTimeout(300_000);

  test('should find a planted secret in every hiding place the scan covers', () => {
    const dir = mkdtempSync(join(resolve('.tmp'), 'secret-plant-'));
    const secrets = [
      { value: 'Pa55word!Pa55word', label: 'password' },
      { value: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', label: 'totp-secret' },
    ];
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const trace = writeZip([
      {
        name: 'test.trace',
        data: Buffer.from('{"type":"before","params":{"value":"Pa55word!Pa55word"}}'),
      },
      {
        name: 'resources/a.html',
        data: Buffer.from('<p id="otp-secret">jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp</p>'),
      },
      {
        name: 'resources/b.html',
        data: Buffer.from('<img src="data:image/svg+xml;base64,PHN2Zz4=">'),
      },
    ]);
    writeFileSync(join(dir, 'trace.zip'), trace);
    const embedded = Buffer.from(
      `{"attachment":"${trace.toString('base64')}","id":"${jwt}"}`,
    ).toString('base64');
    writeFileSync(join(dir, 'index.html'), `<script>d("data/x.json","${embedded}")</script>`);
    writeFileSync(
      join(dir, 'body.txt'),
      'email=a%40b.c&password=Pa55word%21Pa55word&uri=otpauth%3A%2F%2Ftotp%2Fx',
    );

    const { findings } = new SecretScanner(secrets).scanPaths([dir]);
    const found = (where: RegExp, what: RegExp) =>
      findings.some((f) => where.test(f.where) && what.test(f.what));
    expect(found(/trace\.zip!test\.trace$/, /^password/)).toBe(true);
    expect(found(/trace\.zip!resources\/a\.html$/, /^totp-secret/)).toBe(true);
    expect(found(/trace\.zip!resources\/b\.html$/, /image data URL/)).toBe(true);
    expect(found(/index\.html#base64@\d+#base64@\d+!test\.trace$/, /^password/)).toBe(true);
    expect(found(/index\.html#base64@\d+$/, /^JWT/)).toBe(true);
    expect(found(/body\.txt$/, /^password/)).toBe(true);
    expect(found(/body\.txt$/, /otpauth/)).toBe(true);
  });

  test('should leave no secret in the artifacts of a failing journey, trace included', async () => {
    const scanRoot = mkdtempSync(join(resolve('.tmp'), 'secret-scan-'));
    // The sink is NOT an artifact: it lives outside every scanned directory.
    const sinkDir = mkdtempSync(join(resolve('.tmp'), 'secret-sink-'));
    const sink = join(sinkDir, 'secrets.jsonl');
    const out = join(scanRoot, 'test-results');
    const allure = join(scanRoot, 'allure-results');
    const report = join(scanRoot, 'allure-report');
    mkdirSync(scanRoot, { recursive: true });

    const run = runFailingJourney({
      args: ['e2e/biometric-first-login.spec.ts', `--output=${out}`],
      env: { ALLURE_RESULTS_DIR: allure, E2E_SECRET_SINK: sink, FORCE_COLOR: '0' },
      timeoutMs: 240_000,
    });
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
    rmSync(sinkDir, { recursive: true, force: true });
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
