/**
 * Lints the GitHub Actions workflows against the workflow schema (@action-validator/core) and
 * checks the properties the nightly run depends on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { test, expect } from '@playwright/test';

const dir = '.github/workflows';
const files = readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));

test.describe('GitHub Actions workflows', () => {
  test('should exist for pull requests, the nightly live run and the release gate', () => {
    expect(files.sort()).toEqual(['nightly.yml', 'pull-request.yml', 'release-gate.yml']);
  });

  test('should gate a Deploy CLI configuration on the embedded tenant with npm run e2e', () => {
    const wf = parse(readFileSync(join(dir, 'release-gate.yml'), 'utf8')) as {
      env: Record<string, string>;
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    expect(wf.env.E2E_TARGET).toBe('emulator');
    expect(wf.env.E2E_TENANT_CONFIG).toContain('tenant-config/example/tenant.yaml');
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    expect(runs).toContain('npm run e2e');
    expect(JSON.stringify(wf)).not.toMatch(/secrets\./);
  });

  for (const file of files) {
    test(`should validate against the workflow schema: ${file}`, () => {
      const state = validateWorkflow(readFileSync(join(dir, file), 'utf8'));
      expect(state.errors, JSON.stringify(state.errors, null, 2)).toEqual([]);
    });
  }

  test('should run the nightly on a schedule and by hand, sharded, with secrets from the repository', () => {
    const wf = parse(readFileSync(join(dir, 'nightly.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      env: Record<string, string>;
      jobs: Record<
        string,
        {
          strategy?: { matrix?: { shard?: number[] }; 'max-parallel'?: number };
          steps: { run?: string }[];
        }
      >;
    };
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(wf.env.E2E_TARGET).toBe('live');
    expect(wf.env.AUTH0_MGMT_CLIENT_SECRET).toMatch(/^\$\{\{ secrets\./);
    expect(wf.env.AUTH0_CLIENT_SECRET).toMatch(/^\$\{\{ secrets\./);
    const journey = wf.jobs.journey;
    expect(journey?.strategy?.matrix?.shard?.length).toBeGreaterThan(1);
    // Bindings are tenant-wide: shards against one live tenant must not overlap.
    expect(journey?.strategy?.['max-parallel']).toBe(1);
    expect(journey?.steps.some((s) => s.run?.includes('--shard='))).toBe(true);
    expect(wf.jobs.report?.steps.some((s) => s.run?.startsWith('npm run report'))).toBe(true);
  });
});
