/**
 * @module emulator/management/connections
 * Connections, read-only: `GET /api/v2/connections`
 * (https://auth0.com/docs/api/management/v2/connections/get-connections; SDK v7
 * `connections.list`, which sends `include_totals=true&take=50` and reads `{connections, next}`).
 * Scope `read:connections`. Three response shapes, as Auth0 documents them: checkpoint
 * (`from`/`take` given: `{connections, next?}`, totals not returned), offset with totals
 * (`{start, limit, total, connections}`) and a bare array.
 */
import type { ConnectionRecord } from '../tenant/store.ts';
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

/** A database connection as Auth0 lists it (fields the emulator models). */
export function serializeConnection(c: ConnectionRecord): Record<string, unknown> {
  return {
    id: c.id,
    display_name: c.name,
    ...structuredClone(c.other),
    name: c.name,
    strategy: c.strategy,
    options: structuredClone(c.options),
    is_domain_connection: c.is_domain_connection,
    realms: [...c.realms],
    // Deprecated in Auth0 (GET /connections/{id}/clients replaces it) but still returned.
    enabled_clients: [...c.enabled_clients],
  };
}

function list(req: ApiRequest) {
  const tenant = req.context.tenant;
  const includeFields = req.query.bool('include_fields', true);
  const includeTotals = req.query.bool('include_totals', false);
  const name = req.query.string('name');
  const strategies = req.query.all('strategy');
  const all = tenant
    .allConnections()
    .map(serializeConnection)
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

export function connectionRoutes(api: ApiMount): void {
  api.add('GET', 'connections', { scopes: ['read:connections'], query: LIST_QUERY, handler: list });
}
