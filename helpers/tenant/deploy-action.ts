/**
 * @module helpers/tenant/deploy-action
 * Puts one Action's code on the tenant as its deployed version, idempotently:
 * - an Action of that name whose draft AND deployed version already hold this code (node22) is
 *   used as it is: no update, no 30–45 s build, no new version;
 * - else it is updated, or created. A create whose response was lost is replayed (helpers/tenant/retry.ts
 *   or the SDK) and meets `409 An action with the name … already exists`: the Action is then
 *   found by name and updated (reliability audit §2(b));
 * - the build is awaited (helpers/tenant/management.ts `waitForActionBuilt`);
 * - deploy is sent without the SDK's blind retries: after a 5xx or a lost response the Action
 *   is read, and if its deployed version already holds this code the deploy happened; a 429 or
 *   408 refused it, so it is sent again after Auth0's delay.
 * https://auth0.com/docs/api/management/v2/actions/post-deploy-action
 */
import { createHash } from 'node:crypto';
import type { Management, ManagementClient } from 'auth0';
import { sleep, waitForActionBuilt } from './management.ts';
import { retryDelayMs } from './retry.ts';

export const TRIGGER = { id: 'post-login', version: 'v3' } as const;
export const RUNTIME = 'node22';
const DEPLOY_ATTEMPTS = 4;

export interface ActionSource {
  /** File in `actions/`. */
  file: string;
  name: string;
  code: string;
}

export interface DeployedAction {
  file: string;
  actionId: string;
  actionName: string;
  /** Number of the deployed version. */
  versionNumber: number | undefined;
  /** sha256 of the deployed code, to tie a report to a commit of `actions/`. */
  codeSha256: string;
  /** The tenant already ran this code: nothing was updated, built or deployed. */
  reused: boolean;
}

const statusOf = (err: unknown) => (err as { statusCode?: unknown } | null)?.statusCode;

/** The Action named `name` (exact match), if any: `GET /api/v2/actions/actions?actionName=`. */
export async function findActionByName(
  management: ManagementClient,
  name: string,
): Promise<Management.Action | undefined> {
  const page = await management.actions.list({ actionName: name, triggerId: TRIGGER.id });
  return page.data.find((a) => a.name === name);
}

/** Whether the Action already runs `code` as deployed, with nothing undeployed in its draft. */
export function isDeployedAsIs(action: Management.Action, code: string): boolean {
  const v = action.deployed_version;
  return (
    action.code === code &&
    v?.code === code &&
    (v.runtime ?? RUNTIME) === RUNTIME &&
    typeof v.number === 'number' &&
    action.all_changes_deployed !== false
  );
}

/** Creates, updates or reuses the Action, waits for its build and deploys it (see the module). */
export async function deployAction(
  management: ManagementClient,
  { file, name, code }: ActionSource,
  { buildTimeoutMs = 120_000 }: { buildTimeoutMs?: number } = {},
): Promise<DeployedAction> {
  const codeSha256 = createHash('sha256').update(code).digest('hex');
  const existing = await findActionByName(management, name);
  if (existing?.id && isDeployedAsIs(existing, code)) {
    return {
      file,
      actionId: existing.id,
      actionName: name,
      versionNumber: existing.deployed_version?.number,
      codeSha256,
      reused: true,
    };
  }
  const body = { code, runtime: RUNTIME, supported_triggers: [TRIGGER] };
  let actionId = existing?.id;
  if (actionId) {
    await management.actions.update(actionId, body);
  } else {
    try {
      actionId = (await management.actions.create({ name, ...body })).id;
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      // Our create happened but its response was lost, and the replay met our own Action.
      actionId = (await findActionByName(management, name))?.id;
      if (!actionId) throw err;
      await management.actions.update(actionId, body);
    }
  }
  if (!actionId) throw new Error('the Management API returned an Action without an id');
  await waitForActionBuilt(management, actionId, { timeoutMs: buildTimeoutMs, source: file });
  const versionNumber = await deployOnce(management, actionId, code);
  return { file, actionId, actionName: name, versionNumber, codeSha256, reused: false };
}

/** `POST …/deploy` at most once per real outcome (see the module comment). */
async function deployOnce(
  management: ManagementClient,
  actionId: string,
  code: string,
): Promise<number | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await management.actions.deploy(actionId, { maxRetries: 0 })).number;
    } catch (err) {
      const status = statusOf(err);
      if (attempt + 1 >= DEPLOY_ATTEMPTS) throw err;
      if (status === 429 || status === 408) {
        const headers = (err as { rawResponse?: { headers?: Headers } }).rawResponse?.headers;
        await sleep(retryDelayMs(headers ?? new Headers(), attempt));
        continue;
      }
      if (typeof status === 'number' && status < 500) throw err;
      // 5xx or no response: the version may exist. Look before deploying again.
      const action = await management.actions.get(actionId);
      const deployed = action.deployed_version;
      if (deployed?.code === code && typeof deployed.number === 'number') return deployed.number;
      await sleep(1000 * 2 ** attempt);
    }
  }
}
