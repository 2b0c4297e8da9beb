/**
 * @module emulator/management/connections
 * Connections, read-only: `GET /api/v2/connections`
 * (https://auth0.com/docs/api/management/v2/connections/get-connections; SDK v7
 * `connections.list`, which sends `include_totals=true&take=50` and reads `{connections, next}`).
 * Scope `read:connections`. Three response shapes, as Auth0 documents them: checkpoint
 * (`from`/`take` given: `{connections, next?}`, totals not returned), offset with totals
 * (`{start, limit, total, connections}`) and a bare array.
 */
import type { Tenant } from '../tenant/store.ts';
import type { ApiRequest, ApiRoutes } from './api.ts';
import { boolParam, intParam, projectFields } from './validate.ts';

/** The tenant's database connection as Auth0 lists it (fields the emulator models). */
export function serializeConnection(tenant: Tenant): Record<string, unknown> {
  const c = tenant.connection;
  return {
    id: c.id,
    name: c.name,
    display_name: c.name,
    strategy: c.strategy,
    options: {
      mfa: { active: true, return_enroll_settings: true },
      passwordPolicy: 'good',
      brute_force_protection: true,
      strategy_version: 2,
    },
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
  const includeFields = boolParam(req.query('include_fields'), 'include_fields', true);
  const includeTotals = boolParam(req.query('include_totals'), 'include_totals', false);
  const name = req.query('name');
  const strategies = req.ctx.querystring
    ? new URLSearchParams(req.ctx.querystring).getAll('strategy')
    : [];
  const all = [serializeConnection(tenant)]
    .filter((c) => name === undefined || c.name === name)
    .filter((c) => strategies.length === 0 || strategies.includes(String(c.strategy)))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const project = (c: Record<string, unknown>) =>
    projectFields(c, req.query('fields'), includeFields);

  const from = req.query('from');
  const takeRaw = req.query('take');
  if (from !== undefined || takeRaw !== undefined) {
    const take = intParam(takeRaw, 'take', 50, 100);
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
  const page = intParam(req.query('page'), 'page', 0);
  const perPage = intParam(req.query('per_page'), 'per_page', 50, 100);
  const slice = all.slice(page * perPage, page * perPage + perPage).map(project);
  if (!includeTotals) return { body: slice };
  return {
    body: { start: page * perPage, limit: perPage, total: all.length, connections: slice },
  };
}

export function connectionRoutes(api: ApiRoutes): void {
  api.add('GET', 'connections', ['read:connections'], list);
}
