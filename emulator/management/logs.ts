/**
 * @module emulator/management/logs
 * Tenant log search: https://auth0.com/docs/deploy-monitor/logs/log-search-query-syntax and
 * auth0-behaviour.md §3.3. The query is `q`; the v7 SDK's `logs.list({search})` sends `search=`,
 * which Auth0 refuses with 400 (https://github.com/auth0/auth0-java/issues/842), and so does
 * the emulator. `from`/`take` (checkpoint pagination) take precedence over a query.
 */
import { badRequest, notFound } from '../http/errors.ts';
import type { LogEvent } from '../tenant/logs.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { dottedGet, LUCENE_QUERY_PARAM, matches, parseQuery, sortKey } from './lucene.ts';
import { FIELDS_QUERY, Q } from './query.ts';
import { serializeLog } from './serialize.ts';
import { projectFields } from './validate.ts';

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

/** GET /api/v2/logs: Auth0 documents `q`; the v7 SDK's `search` is refused (not in the list). */
const LIST_QUERY = {
  page: Q.page,
  per_page: Q.perPage,
  sort: Q.sort,
  ...FIELDS_QUERY,
  include_totals: Q.bool,
  from: Q.string,
  take: Q.perPage,
  q: LUCENE_QUERY_PARAM,
} as const;

/** Sorts log events by `field:1` / `field:-1`; insertion order breaks ties (and orders `date`). */
export function sortLogs(events: readonly LogEvent[], sort: string): LogEvent[] {
  const [field, dir] = sort.split(/:(?=-?1$)/) as [string, string];
  const sign = dir === '1' ? 1 : -1;
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      if (field !== 'date') {
        const x = sortKey(dottedGet(a.e, field));
        const y = sortKey(dottedGet(b.e, field));
        if (x !== y) return x < y ? -sign : sign;
      }
      return (a.i - b.i) * sign;
    })
    .map(({ e }) => e);
}

/**
 * "Search results are limited to 100 per request and 1,000 in total" (auth0-behaviour.md
 * §3.3; the error's wording is unconfirmed).
 */
export function checkLogPageWindow(page: number, perPage: number): void {
  if ((page + 1) * perPage > 1000) {
    throw badRequest('You can only page through the first 1000 records.', 'invalid_paging');
  }
}

function list(req: ApiRequest) {
  const includeFields = req.query.bool('include_fields', true);
  const fields = req.query.string('fields');
  const project = (e: LogEvent) => projectFields(serializeLog(e), fields, includeFields);
  const all = req.context.tenant.logs.all();

  const from = req.query.string('from');
  if (from !== undefined) {
    // Checkpoint: events after `from`, oldest first, `take` of them (max 100).
    const take = req.query.int('take', 50);
    const index = all.findIndex((e) => e.log_id === from);
    const after = index === -1 ? [] : all.slice(index + 1, index + 1 + take);
    return { body: after.map(project) };
  }

  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const limit = req.query.has('take') ? req.query.int('take', 50) : perPage;
  const includeTotals = req.query.bool('include_totals', false);
  checkLogPageWindow(page, limit);
  const query = parseQuery(req.query.string('q') ?? '');
  const hits = sortLogs(
    all.filter((e) => matches(query, e, LOG_QUERY)),
    req.query.string('sort') ?? 'date:-1',
  );
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

export function logRoutes(api: ApiMount): void {
  const scopes = ['read:logs', 'read:logs_users'];
  api
    .add('GET', 'logs', { scopes, query: LIST_QUERY, handler: list })
    .add('GET', 'logs/:id', { scopes, handler: get });
}
