/**
 * @module emulator/management/logs
 * Tenant log search: https://auth0.com/docs/deploy-monitor/logs/log-search-query-syntax and
 * auth0-behaviour.md §3.3. The v7 SDK sends `search=`, older clients `q=`; both are read.
 * `from`/`take` (checkpoint pagination) take precedence over a query.
 */
import { badRequest, notFound } from '../http/errors.ts';
import type { LogEvent } from '../tenant/logs.ts';
import type { ApiRequest, ApiRoutes } from './api.ts';
import { dottedGet, matches, parseQuery, sortKey } from './lucene.ts';
import { serializeLog } from './serialize.ts';
import { boolParam, intParam, projectFields } from './validate.ts';

/** Searchable fields (same page); bare terms match any of them. */
const SEARCHABLE = [
  'client_id',
  'client_name',
  'connection',
  'connection_id',
  'description',
  'date',
  'hostname',
  'ip',
  'log_id',
  'organization_id',
  'user_id',
  'user_name',
  'user_agent',
  'strategy',
  'strategy_type',
  'type',
] as const;

const LOG_QUERY = {
  get: (doc: LogEvent, field: string) => dottedGet(doc, field),
  defaultFields: SEARCHABLE,
};

function list(req: ApiRequest) {
  const includeFields = boolParam(req.query('include_fields'), 'include_fields', true);
  const project = (e: LogEvent) =>
    projectFields(serializeLog(e), req.query('fields'), includeFields);
  const all = req.context.tenant.logs.all();

  const from = req.query('from');
  if (from !== undefined) {
    // Checkpoint: events after `from`, oldest first, `take` of them (max 100).
    const take = intParam(req.query('take'), 'take', 50, 100);
    const index = all.findIndex((e) => e.log_id === from);
    const after = index === -1 ? [] : all.slice(index + 1, index + 1 + take);
    return { body: after.map(project) };
  }

  const page = intParam(req.query('page'), 'page', 0);
  const perPage = intParam(req.query('per_page'), 'per_page', 50, 100);
  const take = req.query('take');
  const limit = take !== undefined ? intParam(take, 'take', 50, 100) : perPage;
  const includeTotals = boolParam(req.query('include_totals'), 'include_totals', false);
  // "Search results are limited to 100 per request and 1,000 in total" (wording of the error unconfirmed).
  if ((page + 1) * limit > 1000) {
    throw badRequest('You can only page through the first 1000 records.', 'invalid_paging');
  }
  const query = parseQuery(req.query('q') ?? req.query('search') ?? '');
  const sort = req.query('sort') ?? 'date:-1';
  const m = /^([\w.]+):(-?1)$/.exec(sort);
  if (!m)
    throw badRequest(
      `Query validation error: 'String does not match pattern' on property sort.`,
      'invalid_query_string',
    );
  const field = m[1] as string;
  const sign = m[2] === '1' ? 1 : -1;
  // Indexes keep insertion order as the tie-breaker (and the order for `date`).
  const hits = all
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => matches(query, e, LOG_QUERY))
    .sort((a, b) => {
      if (field !== 'date') {
        const x = sortKey(dottedGet(a.e, field));
        const y = sortKey(dottedGet(b.e, field));
        if (x !== y) return x < y ? -sign : sign;
      }
      return (a.i - b.i) * sign;
    })
    .map(({ e }) => e);
  const slice = hits.slice(page * limit, page * limit + limit).map(project);
  if (!includeTotals) return { body: slice };
  return {
    body: { length: slice.length, limit, logs: slice, start: page * limit, total: hits.length },
  };
}

function get(req: ApiRequest) {
  const event = req.context.tenant.logs.all().find((e) => e.log_id === req.params.id);
  // Wording unconfirmed.
  if (!event) throw notFound('Log not found.', 'inexistent_log');
  return { body: serializeLog(event) };
}

export function logRoutes(api: ApiRoutes): void {
  api
    .add('GET', 'logs', ['read:logs', 'read:logs_users'], list)
    .add('GET', 'logs/:id', ['read:logs', 'read:logs_users'], get);
}
