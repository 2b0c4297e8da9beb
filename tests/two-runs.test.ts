/**
 * Two runs started together against ONE tenant (two CI jobs, or a developer and the nightly):
 * post-login bindings are tenant-wide, so each run must hold the tenant lease while it changes
 * them (helpers/tenant/lease.ts). Both runs here are the real journey in child Playwright
 * processes on the live code path (`E2E_TARGET=live`, HTTPS, the `auth0` SDK) against one
 * in-process embedded tenant that already has a customer's own Action bound. Both verdicts must
 * hold, the second run must say it waited for the first by name, and afterwards the tenant's
 * post-login bindings must be exactly what they were before.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { fromEnv } from '../emulator/config.ts';
import type { HarnessEnv } from '../helpers/config/env.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { deployAction } from '../helpers/tenant/deploy-action.ts';
import { harnessEnvFor, liveConfigFor, withTenant } from './live-ops-support.ts';

interface ChildRun {
  status: number | null;
  output: string;
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, 'localhost', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** `npx playwright test --project=journey <spec>` with `env` (results in `outputDir`), its stdout and stderr together. */
function runJourney(
  env: Record<string, string>,
  outputDir: string,
  timeoutMs: number,
): Promise<ChildRun> {
  return new Promise((done) => {
    const child = spawn(
      'npx',
      [
        'playwright',
        'test',
        '--project=journey',
        `--output=${outputDir}`,
        'e2e/biometric-first-login.spec.ts',
      ],
      { env: { ...process.env, CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, output });
    });
  });
}

/** A customer's own Action, deployed and bound to post-login through the Management API. */
async function bindCustomerAction(env: HarnessEnv): Promise<void> {
  const management = createManagementClient(env);
  const action = await deployAction(management, {
    file: 'customer-risk-check.js',
    name: 'customer-risk-check',
    code: 'exports.onExecutePostLogin = async () => {};',
  });
  await management.actions.triggers.bindings.updateMany('post-login', {
    bindings: [
      { ref: { type: 'action_id', value: action.actionId }, display_name: action.actionName },
    ],
  });
}

test.describe('two runs on one tenant', () => {
  test.setTimeout(420_000);

  test('should give both runs their documented verdicts, the second waiting for the first by name, and leave the bindings as they were', async () => {
    const ports = [await freePort(), await freePort()];
    const callbacks = ports.map((p) => `http://localhost:${p}/callback`);
    const { app } = fromEnv({ EMULATOR_HTTPS: '1' });
    const logoutUrls = callbacks.flatMap((c) => [new URL(c).origin, `${new URL(c).origin}/`]);
    // The tenant allows both runs' callbacks: each run's test app listens on its own port.
    await withTenant({ app: { ...app, callbackUrls: callbacks, logoutUrls } }, async (emulator) => {
      await bindCustomerAction(harnessEnvFor(emulator));
      const before = emulator.context.tenant.bindings.map((b) => b.action_id);
      const out = mkdtempSync(join(resolve('.tmp'), 'two-runs-'));
      const base = liveConfigFor(emulator);
      const runs = await Promise.all(
        ['first', 'second'].map((name, i) =>
          runJourney(
            {
              ...base,
              E2E_RUN_ID: `run${name}`,
              AUTH0_CALLBACK_URL: callbacks[i] as string,
              ALLURE_RESULTS_DIR: join(out, name, 'allure-results'),
            },
            join(out, name, 'results'),
            360_000,
          ),
        ),
      );
      for (const run of runs) {
        expect(run.status, `child run output:\n${run.output}`).toBe(0);
        expect(run.output).toContain('1 passed');
      }
      // One of them found the lease held by the other and said whose it was.
      const waited = runs.filter((r) =>
        /tenant lease: waiting for the tenant lease held by run run(first|second)/.test(r.output),
      );
      expect(waited, runs.map((r) => r.output).join('\n----\n')).toHaveLength(1);
      expect(emulator.context.tenant.bindings.map((b) => b.action_id)).toEqual(before);
    });
  });
});
