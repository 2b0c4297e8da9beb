/**
 * @module emulator/management/clients
 * Applications: `GET /api/v2/clients` (https://auth0.com/docs/api/management/v2/clients/get-clients),
 * `POST /api/v2/clients` (…/post-clients), `GET|PATCH|DELETE /api/v2/clients/{id}`
 * (…/get-clients-by-id, …/patch-clients-by-id, …/delete-clients-by-id); SDK v7 `clients.*`.
 * Scopes as Auth0 lists them per endpoint; the secret is returned only with `read:client_keys`
 * (and in the response of the create that generated it), and rotating it with `client_secret`
 * takes `update:client_keys` (stricter choice: the per-property rule is unconfirmed on live).
 * Bodies are validated against Auth0's schema (client-schema.ts). The 404 wording is unconfirmed.
 */
import { forbidden, notFound } from '../http/errors.ts';
import { applyClientChanges, newClientRecord, type ClientRecord } from '../tenant/clients.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { CREATE_CLIENT, refuseUnmodelled, UPDATE_CLIENT } from './client-schema.ts';
import { FIELDS_QUERY, Q } from './query.ts';
import { projectFields } from './validate.ts';

/**
 * ListClientsRequestParameters (auth0@7.1.0 requests.d.ts), without `q` (Auth0's Lucene query
 * on client grants is not modelled: refused as an unknown parameter, never silently ignored).
 */
const LIST_QUERY = {
  ...FIELDS_QUERY,
  page: Q.page,
  per_page: Q.perPage,
  include_totals: Q.bool,
  is_global: Q.bool,
  is_first_party: Q.bool,
  /** "Optional filter by a comma-separated list of application types." */
  app_type: Q.string,
  external_client_id: Q.string,
} as const;

/**
 * The Auth0 client JSON, as `GET /clients/{id}` returns it (shape as in the Deploy CLI's
 * recordings of a live tenant: no timestamps, `cross_origin_auth` beside its successor).
 */
export function serializeClient(
  record: ClientRecord,
  tenantName: string,
  withSecret: boolean,
): Record<string, unknown> {
  return {
    tenant: tenantName,
    global: false,
    ...structuredClone(record.other),
    // The deprecated alias Auth0 still returns beside `cross_origin_authentication`.
    ...(record.other.cross_origin_authentication !== undefined
      ? { cross_origin_auth: record.other.cross_origin_authentication }
      : {}),
    name: record.name,
    is_first_party: record.is_first_party,
    oidc_conformant: record.oidc_conformant,
    callbacks: [...record.callbacks],
    allowed_logout_urls: [...record.allowed_logout_urls],
    allowed_origins: [...record.allowed_origins],
    web_origins: [...record.web_origins],
    client_id: record.client_id,
    ...(withSecret ? { client_secret: record.client_secret } : {}),
    callback_url_template: false,
    jwt_configuration: { ...record.jwt_configuration },
    ...(record.refresh_token ? { refresh_token: structuredClone(record.refresh_token) } : {}),
    ...(record.app_type ? { app_type: record.app_type } : {}),
    grant_types: [...record.grant_types],
    token_endpoint_auth_method: record.token_endpoint_auth_method,
  };
}

const canReadSecret = (req: ApiRequest) => req.principal.scopes.includes('read:client_keys');

function find(req: ApiRequest): ClientRecord {
  const record = req.context.tenant.clients.get(req.params.id as string);
  if (!record) throw notFound('The client does not exist', 'inexistent_client');
  return record;
}

function project(req: ApiRequest, body: Record<string, unknown>) {
  return projectFields(body, req.query.string('fields'), req.query.bool('include_fields', true));
}

function list(req: ApiRequest) {
  const tenantName = req.context.config.tenantName;
  const appTypes = req.query.string('app_type')?.split(',').filter(Boolean);
  const firstParty = req.query.has('is_first_party')
    ? req.query.bool('is_first_party', true)
    : undefined;
  const externalId = req.query.string('external_client_id');
  const all = [...req.context.tenant.clients.values()]
    // No client is the legacy global "All Applications" client: `is_global=true` lists none.
    .filter(() => req.query.bool('is_global', false) === false)
    .filter((c) => firstParty === undefined || c.is_first_party === firstParty)
    .filter((c) => !appTypes || (c.app_type !== undefined && appTypes.includes(c.app_type)))
    .filter((c) => externalId === undefined || c.other.external_client_id === externalId)
    .map((c) => project(req, serializeClient(c, tenantName, canReadSecret(req))));
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const slice = all.slice(page * perPage, page * perPage + perPage);
  if (!req.query.bool('include_totals', false)) return { body: slice };
  return { body: { start: page * perPage, limit: perPage, total: all.length, clients: slice } };
}

function get(req: ApiRequest) {
  const record = find(req);
  const body = serializeClient(record, req.context.config.tenantName, canReadSecret(req));
  return { body: project(req, body) };
}

function create(req: ApiRequest) {
  const body = req.body as Record<string, unknown>;
  refuseUnmodelled(body);
  const record = newClientRecord(body);
  req.context.tenant.clients.set(record.client_id, record);
  // The create response carries the generated secret (Auth0's documented response).
  return { status: 201, body: serializeClient(record, req.context.config.tenantName, true) };
}

function update(req: ApiRequest) {
  const record = find(req);
  const body = req.body as Record<string, unknown>;
  refuseUnmodelled(body);
  if (body.client_secret !== undefined && !req.principal.scopes.includes('update:client_keys')) {
    throw forbidden('Insufficient scope, expected any of: update:client_keys');
  }
  applyClientChanges(record, body);
  const withSecret = canReadSecret(req) || body.client_secret !== undefined;
  return { body: serializeClient(record, req.context.config.tenantName, withSecret) };
}

function remove(req: ApiRequest) {
  const record = find(req);
  req.context.tenant.clients.delete(record.client_id);
  // A deleted application is no longer enabled on any connection.
  for (const connection of req.context.tenant.allConnections()) {
    connection.enabled_clients = connection.enabled_clients.filter((id) => id !== record.client_id);
  }
  return { status: 204 };
}

export function clientRoutes(api: ApiMount): void {
  api
    .add('GET', 'clients', {
      scopes: ['read:clients', 'read:client_keys'],
      query: LIST_QUERY,
      handler: list,
    })
    .add('POST', 'clients', {
      scopes: ['create:clients'],
      body: { kind: 'object', spec: CREATE_CLIENT },
      description: 'Create a client',
      handler: create,
    })
    .add('GET', 'clients/:id', {
      scopes: ['read:clients', 'read:client_keys'],
      // GetClientRequestParameters.
      query: FIELDS_QUERY,
      handler: get,
    })
    .add('PATCH', 'clients/:id', {
      scopes: ['update:clients', 'update:client_keys'],
      body: { kind: 'object', spec: UPDATE_CLIENT },
      description: 'Update a client',
      handler: update,
    })
    .add('DELETE', 'clients/:id', {
      scopes: ['delete:clients'],
      description: 'Delete a client',
      handler: remove,
    });
}
