/**
 * @module emulator/management/actions
 * Actions: https://auth0.com/docs/api/management/v2/actions/post-action (create, list, get,
 * update, delete, deploy, versions, version deploy = rollback). A draft builds asynchronously:
 * `pending` → `building` → `built` (or `failed` when the code does not compile); deploying a
 * draft that is not `built` is refused (auth0-behaviour.md §3.2 "Gotchas").
 */
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { newUuid } from '../tenant/ids.ts';
import type { ActionRecord, ActionSecret, ActionVersionRecord, Tenant } from '../tenant/store.ts';
import { cancelBuild, startBuild } from './action-build.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { serializeAction, serializeVersion } from './serialize.ts';
import { TRIGGERS } from './bindings.ts';
import { Q } from './query.ts';
import { validateObject, type FieldSpec, type ObjectSpec } from './validate.ts';

const RUNTIMES = ['node18', 'node22'] as const;
const DEFAULT_RUNTIME = 'node22';

const triggerSpec: FieldSpec = { type: 'object' };
const ACTION_FIELDS: Record<string, FieldSpec> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  supported_triggers: { type: 'array', items: triggerSpec, maxItems: 1 },
  code: { type: 'string' },
  dependencies: { type: 'array', items: { type: 'object' } },
  runtime: { type: 'string', enum: RUNTIMES },
  secrets: { type: 'array', items: { type: 'object' } },
  modules: { type: 'array', items: { type: 'object' } },
  deploy: { type: 'boolean' },
};
const CREATE: ObjectSpec = { required: ['name', 'supported_triggers'], properties: ACTION_FIELDS };
const UPDATE: ObjectSpec = { properties: ACTION_FIELDS };

/** ListActionsRequestParameters (auth0@7.1.0 requests.d.ts): camelCase, as Auth0 names them. */
const LIST_QUERY = {
  triggerId: Q.string,
  actionName: Q.string,
  deployed: Q.bool,
  page: Q.page,
  per_page: Q.perPage,
  installed: Q.bool,
} as const;
const PAGE_QUERY = { page: Q.page, per_page: Q.perPage } as const;

const actionNotFound = () => notFound('Action not found.', 'inexistent_action');
const versionNotFound = () => notFound('Action version not found.', 'inexistent_action_version');

function findAction(tenant: Tenant, id: string): ActionRecord {
  const action = tenant.actions.get(id);
  if (!action) throw actionNotFound();
  return action;
}

function parseTriggers(raw: unknown[]): ActionRecord['supported_triggers'] {
  return raw.map((t, i) => {
    const trig = validateObject(t, {
      required: ['id'],
      properties: { id: { type: 'string' }, version: { type: 'string' } },
    });
    const known = TRIGGERS.find((k) => k.id === trig.id);
    if (!known) {
      throw badRequest(
        `Payload validation error: 'No enum match for: "${String(trig.id)}"' on property supported_triggers[${i}].id.`,
      );
    }
    return {
      id: known.id,
      version: typeof trig.version === 'string' ? trig.version : known.version,
    };
  });
}

function parseDependencies(raw: unknown[]): ActionRecord['dependencies'] {
  return raw.map((d) => {
    const dep = validateObject(d, {
      required: ['name', 'version'],
      properties: {
        name: { type: 'string', minLength: 1 },
        version: { type: 'string', minLength: 1 },
        registry_url: { type: 'string' },
      },
    });
    return { name: dep.name as string, version: dep.version as string };
  });
}

/** Secrets are write-only; a PATCH entry without `value` keeps the stored value. */
function parseSecrets(raw: unknown[], previous: ActionSecret[]): ActionSecret[] {
  const now = new Date().toISOString();
  return raw.map((s) => {
    const secret = validateObject(s, {
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1 }, value: { type: 'string' } },
    });
    const old = previous.find((p) => p.name === secret.name);
    if (typeof secret.value === 'string')
      return { name: secret.name as string, value: secret.value, updated_at: now };
    if (old) return { ...old };
    throw badRequest(
      `Payload validation error: 'Missing required property: value' on property secrets.`,
    );
  });
}

function create(req: ApiRequest) {
  const tenant = req.context.tenant;
  const body = req.body as Record<string, unknown>;
  const name = body.name as string;
  const triggers = parseTriggers(body.supported_triggers as unknown[]);
  const dependencies = parseDependencies((body.dependencies as unknown[] | undefined) ?? []);
  const secrets = parseSecrets((body.secrets as unknown[] | undefined) ?? [], []);
  if ([...tenant.actions.values()].some((a) => a.name === name)) {
    // 409 and wording unconfirmed (the endpoint documents 400/401/403/429 only).
    throw conflict(`An action with the name '${name}' already exists.`, 'action_conflict');
  }
  const now = new Date().toISOString();
  const action: ActionRecord = {
    id: newUuid(),
    name,
    supported_triggers: triggers,
    code: (body.code as string | undefined) ?? '',
    runtime: (body.runtime as string | undefined) ?? DEFAULT_RUNTIME,
    dependencies,
    secrets,
    status: 'pending',
    created_at: now,
    updated_at: now,
    all_changes_deployed: false,
    versions: [],
  };
  tenant.actions.set(action.id, action);
  startBuild(action, body.deploy === true ? () => createVersion(action) : undefined);
  return { status: 201, body: serializeAction(action) };
}

function list(req: ApiRequest) {
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const triggerId = req.query.string('triggerId');
  const actionName = req.query.string('actionName');
  const deployed = req.query.has('deployed') ? req.query.bool('deployed', false) : undefined;
  const all = [...req.context.tenant.actions.values()].filter(
    (a) =>
      (triggerId === undefined || a.supported_triggers.some((t) => t.id === triggerId)) &&
      (actionName === undefined || a.name === actionName) &&
      (deployed === undefined || (a.deployed_version_id !== undefined) === deployed),
  );
  const actions = all.slice(page * perPage, page * perPage + perPage).map(serializeAction);
  return { body: { total: all.length, page, per_page: perPage, actions } };
}

function get(req: ApiRequest) {
  return { body: serializeAction(findAction(req.context.tenant, req.params.id as string)) };
}

function update(req: ApiRequest) {
  const tenant = req.context.tenant;
  const body = req.body as Record<string, unknown>;
  const action = findAction(tenant, req.params.id as string);
  const name = body.name as string | undefined;
  const triggers = body.supported_triggers
    ? parseTriggers(body.supported_triggers as unknown[])
    : undefined;
  const dependencies = body.dependencies
    ? parseDependencies(body.dependencies as unknown[])
    : undefined;
  const secrets = body.secrets
    ? parseSecrets(body.secrets as unknown[], action.secrets)
    : undefined;
  if (
    name !== undefined &&
    [...tenant.actions.values()].some((a) => a.name === name && a.id !== action.id)
  ) {
    throw conflict(`An action with the name '${name}' already exists.`, 'action_conflict');
  }
  if (name !== undefined) action.name = name;
  if (triggers) action.supported_triggers = triggers;
  if (typeof body.code === 'string') action.code = body.code;
  if (typeof body.runtime === 'string') action.runtime = body.runtime;
  if (dependencies) action.dependencies = dependencies;
  if (secrets) action.secrets = secrets;
  action.updated_at = new Date().toISOString();
  action.all_changes_deployed = false;
  startBuild(action, body.deploy === true ? () => createVersion(action) : undefined);
  return { body: serializeAction(action) };
}

function remove(req: ApiRequest) {
  const tenant = req.context.tenant;
  const action = findAction(tenant, req.params.id as string);
  const force = req.query.bool('force', false);
  const bound = tenant.bindings.some((b) => b.action_id === action.id);
  // Refusing a bound action without `force` follows the `force` parameter's documentation
  // ("Force action deletion detaching bindings"); the message is unconfirmed.
  if (bound && !force) {
    throw badRequest(
      'The action is bound to a trigger. Use force=true to delete it and detach its bindings.',
      'action_bound',
    );
  }
  tenant.bindings = tenant.bindings.filter((b) => b.action_id !== action.id);
  tenant.actions.delete(action.id);
  cancelBuild(action);
  return { status: 204 };
}

function deployVersion(action: ActionRecord, version: ActionVersionRecord): void {
  for (const v of action.versions) v.deployed = false;
  version.deployed = true;
  version.updated_at = new Date().toISOString();
  action.deployed_version_id = version.id;
}

/** Snapshots the built draft as a new immutable version and deploys it. */
function createVersion(action: ActionRecord): ActionVersionRecord {
  const now = new Date().toISOString();
  const version: ActionVersionRecord = {
    id: newUuid(),
    action_id: action.id,
    number: action.versions.reduce((n, v) => Math.max(n, v.number), 0) + 1,
    code: action.code,
    runtime: action.runtime,
    dependencies: structuredClone(action.dependencies),
    secrets: structuredClone(action.secrets),
    deployed: false,
    status: 'built',
    created_at: now,
    updated_at: now,
    built_at: action.built_at ?? now,
  };
  action.versions.push(version);
  deployVersion(action, version);
  action.all_changes_deployed = true;
  return version;
}

function deploy(req: ApiRequest) {
  const action = findAction(req.context.tenant, req.params.id as string);
  if (action.status !== 'built') {
    throw badRequest(
      "A draft must be in the 'built' state before it can be deployed.",
      'invalid_action_status',
    );
  }
  return { body: serializeVersion(createVersion(action), action) };
}

function listVersions(req: ApiRequest) {
  const action = findAction(req.context.tenant, req.params.actionId as string);
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const newestFirst = [...action.versions].sort((a, b) => b.number - a.number);
  const versions = newestFirst
    .slice(page * perPage, page * perPage + perPage)
    .map((v) => serializeVersion(v, action));
  return { body: { total: action.versions.length, page, per_page: perPage, versions } };
}

function findVersion(req: ApiRequest): { action: ActionRecord; version: ActionVersionRecord } {
  const action = findAction(req.context.tenant, req.params.actionId as string);
  const version = action.versions.find((v) => v.id === req.params.id);
  if (!version) throw versionNotFound();
  return { action, version };
}

function getVersion(req: ApiRequest) {
  const { action, version } = findVersion(req);
  return { body: serializeVersion(version, action) };
}

/** Rollback: redeploys an earlier version; `update_draft` also copies it into the draft. */
function redeployVersion(req: ApiRequest) {
  const body = req.body as { update_draft?: boolean };
  const { action, version } = findVersion(req);
  deployVersion(action, version);
  if (body.update_draft === true) {
    action.code = version.code;
    action.runtime = version.runtime;
    action.dependencies = structuredClone(version.dependencies);
    action.secrets = structuredClone(version.secrets);
    action.status = 'built';
    action.all_changes_deployed = true;
  } else {
    action.all_changes_deployed =
      action.code === version.code && action.runtime === version.runtime;
  }
  return { body: serializeVersion(version, action) };
}

export function actionRoutes(api: ApiMount): void {
  api
    .add('GET', 'actions/actions', { scopes: ['read:actions'], query: LIST_QUERY, handler: list })
    .add('POST', 'actions/actions', {
      scopes: ['create:actions'],
      body: { kind: 'object', spec: CREATE },
      description: 'Create an action',
      handler: create,
    })
    .add('GET', 'actions/actions/:id', { scopes: ['read:actions'], handler: get })
    .add('PATCH', 'actions/actions/:id', {
      scopes: ['update:actions'],
      body: { kind: 'object', spec: UPDATE },
      description: 'Update an action',
      handler: update,
    })
    .add('DELETE', 'actions/actions/:id', {
      scopes: ['delete:actions'],
      // DeleteActionRequestParameters.
      query: { force: Q.bool },
      description: 'Delete an action',
      handler: remove,
    })
    .add('POST', 'actions/actions/:id/deploy', {
      scopes: ['create:actions'],
      description: 'Deploy an action',
      handler: deploy,
    })
    .add('GET', 'actions/actions/:actionId/versions', {
      scopes: ['read:actions'],
      query: PAGE_QUERY,
      handler: listVersions,
    })
    .add('GET', 'actions/actions/:actionId/versions/:id', {
      scopes: ['read:actions'],
      handler: getVersion,
    })
    .add('POST', 'actions/actions/:actionId/versions/:id/deploy', {
      scopes: ['create:actions'],
      // DeployActionVersionRequestContent: `update_draft`, and the body may be left out.
      body: {
        kind: 'object',
        spec: { properties: { update_draft: { type: 'boolean' } } },
        optional: true,
      },
      description: 'Roll back to a previous action version',
      handler: redeployVersion,
    });
}
