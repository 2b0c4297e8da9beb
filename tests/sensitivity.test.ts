/**
 * The harness must be able to fail. Under `EMULATOR_USER_READS=fresh` (the hypothetical
 * platform where the end-of-flow MFA evaluation sees the enrollment made in the same
 * transaction), the journey must fail, and say that login 1 was challenged — against a tenant
 * that itself reports reading fresh (a run that could not get such a tenant must not pass as a
 * proof: its workers refuse a tenant that reports another mode).
 * Runs the real journey in a child Playwright process; its workers start their own tenants.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { categoryOf } from '../helpers/categories.ts';
import { runFailingJourney } from './failing-journey.ts';

interface AllureResult {
  name: string;
  status: string;
  statusDetails?: { message?: string };
  parameters?: { name: string; value: string }[];
}

test.describe('harness sensitivity', () => {
  test.setTimeout(240_000);

  test('should fail the journey on login 1 when the platform reads the user fresh', () => {
    const out = mkdtempSync(join(resolve('.tmp'), 'sensitivity-'));
    const allure = join(out, 'allure-results');
    const run = runFailingJourney({
      args: ['e2e/biometric-first-login.spec.ts', `--output=${join(out, 'results')}`],
      env: { ALLURE_RESULTS_DIR: allure },
      timeoutMs: 220_000,
    });
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
