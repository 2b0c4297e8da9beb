/**
 * The release gate: `E2E_TENANT_CONFIG=<Deploy CLI configuration>` runs the REAL journey (a
 * child Playwright process) against embedded tenants seeded from that configuration with
 * `a0deploy import`, the configuration's own Actions under test. A good configuration passes;
 * a broken one (an Action that no longer enrolls device biometrics, the factor disabled) fails
 * with the report's typed category, naming the login.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { categoryOf } from '../helpers/report/categories.ts';

const EXAMPLE_DIR = resolve('tenant-config', 'example');
const ACTION_CODE = join('actions', 'Biometric enrollment', 'code.js');

interface AllureResult {
  name: string;
  status: string;
  statusDetails?: { message?: string };
}

/** The example configuration, copied, with `edit` applied to its tenant.yaml and Action code. */
function configuration(edit: { yaml?: (t: string) => string; code?: (c: string) => string }) {
  const dir = mkdtempSync(join(resolve('.tmp'), 'gate-config-'));
  // The example's Action code is a link to actions/ (one source): copy what it points to, so an
  // edit lands in the copy and never in the repository's Action.
  cpSync(EXAMPLE_DIR, dir, { recursive: true, dereference: true });
  const yaml = join(dir, 'tenant.yaml');
  const code = join(dir, ACTION_CODE);
  if (edit.yaml) writeFileSync(yaml, edit.yaml(readFileSync(yaml, 'utf8')));
  if (edit.code) writeFileSync(code, edit.code(readFileSync(code, 'utf8')));
  return yaml;
}

/** Runs the first-login journey with the gate on; returns the exit status and its results. */
function gate(config: string): { status: number | null; output: string; results: AllureResult[] } {
  const out = mkdtempSync(join(resolve('.tmp'), 'gate-run-'));
  const allure = join(out, 'allure-results');
  const run = spawnSync(
    'npx',
    [
      'playwright',
      'test',
      '--project=journey',
      'e2e/biometric-first-login.spec.ts',
      `--output=${join(out, 'results')}`,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        CI: '1',
        E2E_TARGET: 'emulator',
        EMULATOR_USER_READS: 'snapshot',
        E2E_TENANT_CONFIG: config,
        ALLURE_RESULTS_DIR: allure,
      },
      // Seeding runs the real a0deploy import: minutes on a loaded machine (see deploy-cli.test.ts).
      timeout: 1_700_000,
    },
  );
  const results = readdirSync(allure)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(allure, f), 'utf8')) as AllureResult);
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, results };
}

/** An edit replacing `from` with `to`; the test fails if `from` is not there to replace. */
function replacing(from: string, to: string): (text: string) => string {
  return (text) => {
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    return edited;
  };
}

/** Runs the gate on a configuration it must fail (exit 1): its one result's status and message. */
function failedGate(config: string): { status?: string; message: string } {
  const run = gate(config);
  expect(run.status, run.output).toBe(1);
  const [result] = run.results;
  return { status: result?.status, message: result?.statusDetails?.message ?? '' };
}

test.describe('release gate (E2E_TENANT_CONFIG)', () => {
  test.setTimeout(1_800_000);

  test('should pass the journey on the good example configuration', () => {
    const run = gate(join(EXAMPLE_DIR, 'tenant.yaml'));
    expect(run.status, run.output).toBe(0);
    expect(run.results.map((r) => r.status)).toEqual(['passed']);
  });

  test('should fail naming the login when the Action no longer enrolls device biometrics', () => {
    const { status, message } = failedGate(
      configuration({
        code: replacing("api.authentication.enrollWith({ type: 'webauthn-platform' });", ''),
      }),
    );
    expect(status).toBe('failed');
    expect(message).toMatch(
      /\[mfa-not-enforced\] login 2 was not challenged for device biometrics/,
    );
    expect(categoryOf(message)).toBe('mfa-not-enforced');
  });

  test('should fail naming the login when the webauthn-platform factor is disabled', () => {
    const { status, message } = failedGate(
      configuration({
        yaml: replacing(
          '  - name: webauthn-platform\n    enabled: true',
          '  - name: webauthn-platform\n    enabled: false',
        ),
      }),
    );
    // A fixture that fails before the test body: Allure files it as broken.
    expect(['failed', 'broken']).toContain(status);
    expect(message).toContain('tenant not ready: factor webauthn-platform');
    expect(message).toMatch(/\blogin 1\b/);
    expect(categoryOf(message, 'broken')).toBe('tenant-not-ready');
  });
});
