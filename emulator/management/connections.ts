/**
 * @module emulator/management/connections
 * Connections: `GET /api/v2/connections`, `GET /api/v2/connections/{id}` and `PATCH` of its
 * `options` (below). The list:
 * (https://auth0.com/docs/api/management/v2/connections/get-connections; SDK v7
 * `connections.list`, which sends `include_totals=true&take=50` and reads `{connections, next}`).
 * Scope `read:connections`. Three response shapes, as Auth0 documents them: checkpoint
 * (`from`/`take` given: `{connections, next?}`, totals not returned), offset with totals
 * (`{start, limit, total, connections}`) and a bare array.
 */
import { notFound } from '../http/errors.ts';
import type { Tenant } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { FIELDS_QUERY, Q } from './query.ts';
import { projectFields } from './validate.ts';

/**
 * ListConnectionsQueryParameters (auth0@7.1.0 requests.d.ts) and the offset paging Auth0's
 * get-connections page documents (`page`, `per_page`); `strategy` may repeat.
 */
const LIST_QUERY = {
  per_page: Q.perPage,
  page: Q.page,
  include_totals: Q.bool,
  from: Q.string,
  take: Q.perPage,
  strategy: { type: 'string', repeatable: true },
  name: Q.string,
  ...FIELDS_QUERY,
} as const;

/** The tenant's database connection as Auth0 lists it (fields the emulator models). */
export function serializeConnection(tenant: Tenant): Record<string, unknown> {
  const c = tenant.connection;
  return {
    id: c.id,
    name: c.name,
    display_name: c.name,
    strategy: c.strategy,
    options: structuredClone(c.options),
    is_domain_connection: false,
    realms: [c.name],
    // Deprecated in Auth0 (GET /connections/{id}/clients replaces it) but still returned.
    enabled_clients: [...tenant.clients.values()]
      .filter((client) => client.app_type !== 'non_interactive')
      .map((client) => client.client_id),
  };
}

function list(req: ApiRequest) {
  const tenant = req.context.tenant;
  const includeFields = req.query.bool('include_fields', true);
  const includeTotals = req.query.bool('include_totals', false);
  const name = req.query.string('name');
  const strategies = req.query.all('strategy');
  const all = [serializeConnection(tenant)]
    .filter((c) => name === undefined || c.name === name)
    .filter((c) => strategies.length === 0 || strategies.includes(String(c.strategy)))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const project = (c: Record<string, unknown>) =>
    projectFields(c, req.query.string('fields'), includeFields);

  const from = req.query.string('from');
  if (from !== undefined || req.query.has('take')) {
    const take = req.query.int('take', 50);
    const start =
      from === undefined
        ? 0
        : Math.max(
            0,
            all.findIndex((c) => c.id === from),
          );
    const slice = all.slice(start, start + take);
    const next = all[start + take]?.id;
    return { body: { connections: slice.map(project), ...(next ? { next } : {}) } };
  }
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const slice = all.slice(page * perPage, page * perPage + perPage).map(project);
  if (!includeTotals) return { body: slice };
  return {
    body: { start: page * perPage, limit: perPage, total: all.length, connections: slice },
  };
}

/** The tenant's connection by id, or Auth0's 404. */
function connectionById(req: ApiRequest) {
  const tenant = req.context.tenant;
  if (req.params.id !== tenant.connection.id) throw notFound('The connection does not exist');
  return tenant;
}

/**
 * `PATCH /api/v2/connections/{id}` (https://auth0.com/docs/api/management/v2/connections/patch-connections-by-id):
 * only `options` is modelled, and it is replaced whole ("if you use the options parameter, the
 * whole options object will be overridden"). Enough for the passkey settings
 * (`options.authentication_methods.passkey.enabled`, `options.passkey_options`, named as the
 * auth0 SDK's types name them); other properties are refused rather than ignored.
 */
function update(req: ApiRequest) {
  const tenant = connectionById(req);
  const body = req.body as { options?: Record<string, unknown> };
  if (body.options) tenant.connection.options = structuredClone(body.options);
  return { body: serializeConnection(tenant) };
}

export function connectionRoutes(api: ApiMount): void {
  api
    .add('GET', 'connections', { scopes: ['read:connections'], query: LIST_QUERY, handler: list })
    .add('GET', 'connections/:id', {
      scopes: ['read:connections'],
      query: FIELDS_QUERY,
      handler: (req) => ({
        body: projectFields(
          serializeConnection(connectionById(req)),
          req.query.string('fields'),
          req.query.bool('include_fields', true),
        ),
      }),
    })
    .add('PATCH', 'connections/:id', {
      scopes: ['update:connections'],
      body: {
        kind: 'object',
        spec: { minProperties: 1, properties: { options: { type: 'object' } } },
      },
      description: 'Update a connection',
      handler: update,
    });
}
