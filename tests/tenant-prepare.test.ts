/**
 * Preparing and restoring the tenant (helpers/tenant/prepare.ts, behind fixtures/deployment.ts)
 * against an in-process tenant: the restore removes only this run's bindings from the CURRENT
 * list (a binding added meanwhile stays) and switches back only what the run switched; harness
 * bindings a dead run left are removed and reported; a restore that fails leaves the lease
 * expired with its plan, and the next run restores it. Also the Management API cost per worker.
 */
import { test, expect } from '@playwright/test';
import type { ManagementClient } from 'auth0';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { listPostLoginBindings, bindingName } from '../helpers/tenant/bindings.ts';
import { listLeases } from '../helpers/tenant/lease.ts';
import { leaseExpiresAtMs } from '../helpers/tenant/lease-record.ts';
import { prepareTenant } from '../helpers/tenant/prepare.ts';
import { callLines, faultyTransport, withTenant, type Fault } from './live-ops-support.ts';
import type { HarnessEnv } from '../helpers/config/env.ts';

const CODE = 'exports.onExecutePostLogin = async (event, api) => {};\n';

/** Creates, builds, deploys an Action and appends it to post-login (another party's binding). */
async function bindForeignAction(management: ManagementClient, name: string): Promise<void> {
  const action = await management.actions.create({
    name,
    code: CODE,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
  });
  const id = action.id as string;
  await expect.poll(async () => (await management.actions.get(id)).status).toBe('built');
  await management.actions.deploy(id);
  const current = await listPostLoginBindings(management);
  await management.actions.triggers.bindings.updateMany('post-login', {
    bindings: [
      ...current.map((b) => ({
        ref: { type: 'action_id' as const, value: b.action?.id as string },
        display_name: bindingName(b),
      })),
      { ref: { type: 'action_id', value: id }, display_name: name },
    ],
  });
}

const names = async (management: ManagementClient) =>
  (await listPostLoginBindings(management)).map(bindingName);

function prepare(management: ManagementClient, env: HarnessEnv, log: string[] = []) {
  return prepareTenant(management, env, {
    sources: [{ file: 'biometric-enrollment.js', name: env.actionName, code: CODE }],
    leaseWaitMs: 0,
    log: (l) => log.push(l),
  });
}

test.describe('tenant preparation and restore', () => {
  test('should remove only its own binding from the current list, keeping one added during the run', async () => {
    await withTenant({}, async (_emulator, env) => {
      const management = createManagementClient(env);
      await bindForeignAction(management, 'Tenant rule A');
      const prepared = await prepare(management, env);
      expect(prepared.deployment.bindings).toEqual(['Tenant rule A', env.actionName]);
      // Someone binds another Action while this run holds the tenant.
      await bindForeignAction(management, 'Added during the run');
      const outcome = await prepared.restore();
      expect(outcome.failures).toEqual([]);
      expect(outcome.restored).toEqual([`unbound "${env.actionName}"`]);
      // A snapshot written back would have dropped "Added during the run".
      expect(await names(management)).toEqual(['Tenant rule A', 'Added during the run']);
      expect((await listLeases(management)).leases).toEqual([]);
    });
  });

  test('should switch back only the factor and setting it switched on', async () => {
    await withTenant({}, async (emulator, env) => {
      const tenant = emulator.context.tenant;
      tenant.factors.set('otp', { enabled: false });
      tenant.settings.customize_mfa_in_postlogin_action = false;
      const management = createManagementClient(env);
      const prepared = await prepare(management, env);
      expect(prepared.deployment.changed).toEqual([
        'factor otp enabled',
        'customize_mfa_in_postlogin_action set to true',
        'post-login bindings',
      ]);
      expect(tenant.factors.get('otp')?.enabled).toBe(true);
      expect(tenant.settings.customize_mfa_in_postlogin_action).toBe(true);
      await prepared.restore();
      expect(tenant.factors.get('otp')?.enabled).toBe(false);
      expect(tenant.factors.get('webauthn-platform')?.enabled).toBe(true);
      expect(tenant.settings.customize_mfa_in_postlogin_action).toBe(false);
    });
  });

  test('should remove the harness bindings a dead run left, and say so', async () => {
    await withTenant({}, async (_emulator, env) => {
      const management = createManagementClient(env);
      await bindForeignAction(management, 'Tenant rule A');
      await bindForeignAction(management, 'biometric-challenge-after-enrollment (e2e)');
      const log: string[] = [];
      const prepared = await prepare(management, env, log);
      expect(log).toContain(
        'tenant: removed post-login bindings left by a run that did not restore the tenant (no live lease holds them): biometric-challenge-after-enrollment (e2e)',
      );
      expect(prepared.deployment.bindings).toEqual(['Tenant rule A', env.actionName]);
      await prepared.restore();
      expect(await names(management)).toEqual(['Tenant rule A']);
    });
  });

  test('should leave the lease expired with its plan when the restore fails, for the next run to restore', async () => {
    await withTenant({}, async (emulator, env) => {
      emulator.context.tenant.factors.set('otp', { enabled: false });
      const faults: Fault[] = [];
      const broken = faultyTransport(faults);
      const management = createManagementClient(env, { transport: broken.transport });
      const prepared = await prepare(management, env);
      // From now on the tenant refuses binding changes (403), e.g. a scope removed mid-run.
      faults.push({
        match: /^PATCH \/api\/v2\/actions\/triggers\/post-login\/bindings/,
        answer: 403,
      });
      const outcome = await prepared.restore();
      expect(outcome.failures).toEqual([expect.stringMatching(/^post-login bindings: .*403/)]);
      expect(outcome.restored).toEqual(['factor otp disabled again']);
      const { leases, nowMs } = await listLeases(createManagementClient(env));
      expect(leases).toHaveLength(1);
      expect(leases[0]?.record?.ttl_seconds).toBe(0);
      expect(leaseExpiresAtMs(leases[0]!)).toBeLessThanOrEqual(nowMs);
      expect(leases[0]?.record?.restore.bindings).toEqual([env.actionName]);

      // The next run takes over at once and restores the binding.
      const next = createManagementClient({ ...env, runId: 'nextrun' });
      const log: string[] = [];
      const again = await prepare(next, { ...env, runId: 'nextrun' }, log);
      expect(log.join('\n')).toMatch(
        new RegExp(
          `restored the bindings left by run ${env.runId} on host .*: unbound "${env.actionName.replace(/[()]/g, '\\$&')}"`,
        ),
      );
      await again.restore();
      expect(await names(next)).toEqual([]);
      expect(emulator.context.tenant.factors.get('otp')?.enabled).toBe(false);
    });
  });

  test('should cost 15 Management API calls per worker plus the build polls, 12 when the Action runs already', async () => {
    await withTenant({}, async (_emulator, env) => {
      const first = faultyTransport([]);
      const prepared = await prepare(
        createManagementClient(env, { transport: first.transport }),
        env,
      );
      await prepared.restore();
      const polls = callLines(first.calls).filter((l) =>
        /^GET \/api\/v2\/actions\/actions\/[\w-]+$/.test(l),
      ).length;
      expect(callLines(first.calls)).toEqual([
        'POST /oauth/token',
        'POST /api/v2/actions/actions', // lease
        'GET /api/v2/actions/actions', // lease: unique?
        'GET /api/v2/guardian/factors',
        'GET /api/v2/tenants/settings',
        expect.stringMatching(/^PATCH \/api\/v2\/actions\/actions\//), // lease: restore plan
        'GET /api/v2/actions/actions', // the Action by name
        'POST /api/v2/actions/actions',
        ...Array.from({ length: polls }, () =>
          expect.stringMatching(/^GET \/api\/v2\/actions\/actions\//),
        ),
        expect.stringMatching(/^POST \/api\/v2\/actions\/actions\/[\w-]+\/deploy$/),
        'GET /api/v2/actions/triggers/post-login/bindings',
        'PATCH /api/v2/actions/triggers/post-login/bindings',
        'GET /api/v2/actions/triggers/post-login/bindings', // restore: current list
        'PATCH /api/v2/actions/triggers/post-login/bindings',
        expect.stringMatching(/^DELETE \/api\/v2\/actions\/actions\//), // lease released
      ]);
      expect(first.calls.length - polls).toBeLessThanOrEqual(15);

      // Second worker: the Action already runs this code, nothing is updated, built or deployed.
      const second = faultyTransport([]);
      const again = await prepare(
        createManagementClient(env, { transport: second.transport }),
        env,
      );
      expect(again.deployment.actions[0]?.reused).toBe(true);
      expect(again.deployment.versionNumber).toBe(prepared.deployment.versionNumber);
      await again.restore();
      expect(second.calls).toHaveLength(12);
    });
  });
});
