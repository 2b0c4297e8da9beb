/**
 * @module emulator/management/connection-writes
 * Database connections beyond the list (connections.ts), as the Deploy CLI's `databases`
 * handler uses them:
 * - `GET /api/v2/connections/{id}` (https://auth0.com/docs/api/management/v2/connections/get-connections-by-id);
 * - `PATCH /api/v2/connections/{id}` (…/patch-connections-by-id): "if you use the options
 *   parameter, the whole options object will be overridden", so `options` replaces;
 * - `POST /api/v2/connections` (…/post-connections): database connections (`strategy: auth0`)
 *   only; other strategies are not modelled and refused naming the strategy;
 * - `GET|PATCH /api/v2/connections/{id}/clients` (…/get-connection-clients,
 *   …/patch-clients): the applications a connection is enabled for, at most 50 changes a call.
 * Bodies follow the SDK's `CreateConnectionRequestContent` / `UpdateConnectionRequestContent`;
 * `options` accepts additional properties as Auth0's schema does (`[key: string]: any`), with the
 * properties the database strategy documents type-checked.
 */
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { newConnectionId } from '../tenant/ids.ts';
import {
  DATABASE_CONNECTION_DEFAULT,
  DATABASE_OPTIONS_DEFAULT,
  type ConnectionRecord,
} from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { serializeConnection } from './connections.ts';
import { FIELDS_QUERY, Q } from './query.ts';
import { projectFields, type FieldSpec, type ObjectSpec } from './validate.ts';

const bool: FieldSpec = { type: 'boolean' };
const str: FieldSpec = { type: 'string' };
const strings: FieldSpec = { type: 'array', items: str };

/** The database strategy's options that are typed (the rest is free-form, bounded). */
const OPTIONS: FieldSpec = {
  type: 'object',
  nullable: true,
  additionalProperties: true,
  properties: {
    passwordPolicy: {
      type: 'string',
      nullable: true,
      enum: ['none', 'low', 'fair', 'good', 'excellent'],
    },
    brute_force_protection: bool,
    disable_signup: bool,
    requires_username: bool,
    import_mode: bool,
    enabledDatabaseCustomization: bool,
    mfa: {
      type: 'object',
      additionalProperties: true,
      properties: { active: bool, return_enroll_settings: bool },
    },
    non_persistent_attrs: { ...strings, nullable: true },
    strategy_version: { type: 'integer', minimum: 1 },
  },
};

const COMMON: Record<string, FieldSpec> = {
  display_name: { type: 'string', maxLength: 128 },
  options: OPTIONS,
  enabled_clients: strings,
  is_domain_connection: bool,
  show_as_button: bool,
  realms: strings,
  metadata: { type: 'object', maxProperties: 10, values: { type: 'string', maxLength: 255 } },
  /** ConnectionAuthenticationPurpose / ConnectionConnectedAccountsPurpose. */
  authentication: { type: 'object', properties: { active: bool } },
  connected_accounts: {
    type: 'object',
    additionalProperties: true,
    properties: { active: bool },
  },
};

/** CreateConnectionRequestContent. Name: "Must start and end with an alphanumeric character". */
const CREATE: ObjectSpec = {
  required: ['name', 'strategy'],
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 128,
      pattern: /^[a-zA-Z0-9](-?[a-zA-Z0-9])*$/,
    },
    strategy: str,
    ...COMMON,
  },
};

/** UpdateConnectionRequestContent. */
const UPDATE: ObjectSpec = {
  properties: {
    ...COMMON,
    options: { ...OPTIONS, nullable: true },
    enabled_clients: { ...strings, nullable: true },
  },
};

function find(req: ApiRequest): ConnectionRecord {
  const found = req.context.tenant.findConnection(req.params.id as string);
  // Wording unconfirmed on live.
  if (!found) throw notFound('The connection does not exist', 'inexistent_connection');
  return found;
}

function get(req: ApiRequest) {
  const includeFields = req.query.bool('include_fields', true);
  return {
    body: projectFields(serializeConnection(find(req)), req.query.string('fields'), includeFields),
  };
}

/** Client ids that are not the tenant's applications are refused (unconfirmed wording). */
function knownClients(req: ApiRequest, ids: string[]): string[] {
  const unknown = ids.filter((id) => !req.context.tenant.clients.has(id));
  if (unknown.length > 0) throw badRequest(`The client does not exist: ${unknown.join(', ')}`);
  return [...new Set(ids)];
}

/** Properties kept as given in the record's `other`. */
const OTHER = [
  'display_name',
  'show_as_button',
  'metadata',
  'authentication',
  'connected_accounts',
];

function apply(req: ApiRequest, record: ConnectionRecord, body: Record<string, unknown>): void {
  if (body.options !== undefined)
    record.options = structuredClone((body.options as Record<string, unknown> | null) ?? {});
  if (body.enabled_clients !== undefined && body.enabled_clients !== null)
    record.enabled_clients = knownClients(req, body.enabled_clients as string[]);
  if (body.is_domain_connection !== undefined)
    record.is_domain_connection = body.is_domain_connection as boolean;
  if (body.realms !== undefined) record.realms = [...(body.realms as string[])];
  for (const key of OTHER) {
    if (body[key] !== undefined) record.other[key] = structuredClone(body[key]);
  }
}

function update(req: ApiRequest) {
  const record = find(req);
  apply(req, record, req.body as Record<string, unknown>);
  return { body: serializeConnection(record) };
}

function create(req: ApiRequest) {
  const body = req.body as Record<string, unknown>;
  const tenant = req.context.tenant;
  if (body.strategy !== 'auth0') {
    throw badRequest(
      `Payload validation error: 'Not supported by the embedded tenant (only database connections, strategy auth0, are modelled)' on property strategy.`,
    );
  }
  const name = body.name as string;
  if (tenant.allConnections().some((c) => c.name === name)) {
    throw conflict('A connection with the same name already exists', 'connection_conflict');
  }
  const record: ConnectionRecord = {
    id: newConnectionId(),
    name,
    strategy: 'auth0',
    options: structuredClone(DATABASE_OPTIONS_DEFAULT),
    enabled_clients: [],
    is_domain_connection: false,
    realms: [name],
    other: structuredClone(DATABASE_CONNECTION_DEFAULT),
  };
  apply(req, record, body);
  tenant.otherConnections.set(record.id, record);
  return { status: 201, body: serializeConnection(record) };
}

/** Checkpoint paging over the enabled clients: `next` is the index of the next one. */
function listClients(req: ApiRequest) {
  const record = find(req);
  const take = req.query.int('take', 50);
  const from = req.query.string('from');
  const start = from === undefined ? 0 : Number.parseInt(from, 10);
  if (!Number.isInteger(start) || start < 0)
    throw badRequest('Invalid from', 'invalid_query_string');
  const slice = record.enabled_clients.slice(start, start + take);
  const next = start + take < record.enabled_clients.length ? String(start + take) : undefined;
  return {
    body: { clients: slice.map((client_id) => ({ client_id })), ...(next ? { next } : {}) },
  };
}

function updateClients(req: ApiRequest) {
  const record = find(req);
  const changes = req.body as { client_id: string; status: boolean }[];
  knownClients(
    req,
    changes.map((c) => c.client_id),
  );
  const enabled = new Set(record.enabled_clients);
  for (const change of changes) {
    if (change.status) enabled.add(change.client_id);
    else enabled.delete(change.client_id);
  }
  record.enabled_clients = [...enabled];
  return { status: 204 };
}

export function connectionWriteRoutes(api: ApiMount): void {
  api
    .add('POST', 'connections', {
      scopes: ['create:connections'],
      body: { kind: 'object', spec: CREATE },
      description: 'Create a connection',
      handler: create,
    })
    .add('GET', 'connections/:id', {
      scopes: ['read:connections'],
      query: FIELDS_QUERY,
      handler: get,
    })
    .add('PATCH', 'connections/:id', {
      scopes: ['update:connections'],
      body: { kind: 'object', spec: UPDATE },
      description: 'Update a connection',
      handler: update,
    })
    .add('GET', 'connections/:id/clients', {
      scopes: ['read:connections'],
      query: { take: { type: 'integer', min: 1, max: 100 }, from: Q.string },
      handler: listClients,
    })
    .add('PATCH', 'connections/:id/clients', {
      scopes: ['update:connections'],
      body: {
        kind: 'array',
        items: {
          type: 'object',
          required: ['client_id', 'status'],
          properties: { client_id: str, status: bool },
        },
        maxItems: 50,
      },
      description: 'Update enabled clients for a connection',
      handler: updateClients,
    });
}
