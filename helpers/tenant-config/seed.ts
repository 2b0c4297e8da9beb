/**
 * @module helpers/tenant-config/seed
 * The release gate (`E2E_TENANT_CONFIG`): a worker's embedded tenant is seeded from a team's
 * Deploy CLI configuration with the real `a0deploy import`, and the Actions that
 * configuration binds to post-login are the ones under test — the harness deploys none of its
 * own and enables nothing (a configuration with the factor disabled must fail as it would on
 * Auth0). Keywords are replaced as the CLI does, from `AUTH0_KEYWORD_REPLACE_MAPPINGS` in the
 * environment, plus what differs per worker: `AUTH0_CALLBACK_URL`, `AUTH0_APP_ORIGIN`,
 * `AUTH0_CONNECTION` (https://auth0.com/docs/deploy-monitor/deploy-cli-tool/keyword-replacement).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { ManagementClient } from 'auth0';
import type { HarnessEnv } from '../config/env.ts';
import { TenantNotReadyError } from '../tenant/readiness.ts';
import { bindingName, listPostLoginBindings } from '../tenant/bindings.ts';
import type { Deployment } from '../tenant/prepare.ts';
import { FACTOR_LABELS, REQUIRED_FACTORS, REQUIRED_SETTING } from '../tenant/requirements.ts';
import { runDeployCli } from './deploy-cli.ts';

/** The keyword mappings for one worker's tenant (environment first, the worker's own win). */
export function seedKeywords(
  env: Pick<HarnessEnv, 'callbackUrl' | 'testAppOrigin' | 'connection'>,
  raw = process.env.AUTH0_KEYWORD_REPLACE_MAPPINGS,
): Record<string, string> {
  let fromEnv: Record<string, string> = {};
  if (raw) {
    try {
      fromEnv = JSON.parse(raw) as Record<string, string>;
    } catch {
      throw new TenantNotReadyError('AUTH0_KEYWORD_REPLACE_MAPPINGS is not a JSON object');
    }
  }
  return {
    ...fromEnv,
    AUTH0_CALLBACK_URL: env.callbackUrl,
    AUTH0_APP_ORIGIN: env.testAppOrigin,
    AUTH0_CONNECTION: env.connection,
  };
}

/**
 * Imports the configuration into the worker's tenant, then reads what it bound to post-login.
 * @throws TenantNotReadyError when the import fails or binds no Action.
 */
export async function seedFromConfiguration(
  management: ManagementClient,
  env: HarnessEnv,
  file: string,
): Promise<Deployment> {
  const path = resolve(file);
  await runDeployCli(env, { command: 'import', path, keywords: seedKeywords(env) }).catch(
    (err: unknown) => {
      throw new TenantNotReadyError(
        `E2E_TENANT_CONFIG ${path}: a0deploy import failed: ${String(err instanceof Error ? err.message : err)}`,
      );
    },
  );
  await assertJourneyReady(management, path);
  const bindings = await listPostLoginBindings(management);
  const actions = [];
  for (const binding of bindings) {
    const id = binding.action?.id;
    if (!id) continue;
    const action = await management.actions.get(id);
    const code = action.deployed_version?.code ?? action.code ?? '';
    actions.push({
      file: path,
      actionId: id,
      actionName: action.name ?? bindingName(binding),
      versionNumber: action.deployed_version?.number,
      codeSha256: createHash('sha256').update(code).digest('hex'),
      reused: false,
    });
  }
  const first = actions[0];
  if (!first) {
    throw new TenantNotReadyError(
      `E2E_TENANT_CONFIG ${path}: binds no Action to post-login (triggers.post-login is empty)`,
    );
  }
  return {
    actionId: first.actionId,
    actionName: first.actionName,
    versionNumber: first.versionNumber,
    codeSha256: first.codeSha256,
    bindings: bindings.map(bindingName),
    changed: [`seeded from E2E_TENANT_CONFIG ${path}`],
    actions,
    lease: 'none (embedded tenant of this worker)',
  };
}

/**
 * What the journey needs of the seeded tenant and the harness no longer switches on itself
 * (it deploys and enables nothing under the gate): the factors and the setting. A configuration
 * that leaves one off fails as "tenant not ready", naming the login it breaks.
 * @throws TenantNotReadyError
 */
async function assertJourneyReady(management: ManagementClient, path: string): Promise<void> {
  const factors = await management.guardian.factors.list();
  for (const name of REQUIRED_FACTORS) {
    if (factors.find((f) => f.name === name)?.enabled !== true) {
      throw new TenantNotReadyError(
        `factor ${name} (${FACTOR_LABELS[name] ?? name}) disabled by E2E_TENANT_CONFIG ${path}: login 1 cannot enroll it, so logins 2 and 3 cannot be challenged with it`,
      );
    }
  }
  const settings = await management.tenants.settings.get({
    fields: REQUIRED_SETTING.name,
    include_fields: true,
  });
  if (settings.customize_mfa_in_postlogin_action !== true) {
    throw new TenantNotReadyError(
      `${REQUIRED_SETTING.name} (${REQUIRED_SETTING.label}) off in E2E_TENANT_CONFIG ${path}: the Action cannot enroll or challenge factors in login 1, 2 or 3`,
    );
  }
}
