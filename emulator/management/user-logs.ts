/**
 * @module emulator/management/user-logs
 * One user's log events: `GET /api/v2/users/{id}/logs`
 * (https://auth0.com/docs/api/management/v2/users/get-logs-by-user; SDK v7
 * `users.logs.list(id, {page, per_page, sort, include_totals})`, which sends
 * `page=0&per_page=50&include_totals=true` by default). Scopes `read:logs` or
 * `read:logs_users`. The events are those whose `user_id` is the user's; paging has the same
 * limits as the log search (100 per page, the first 1,000 results). With totals the answer is
 * `{start, limit, length, total, logs}` (UserListLogOffsetPaginatedResponseContent), without
 * them a bare array. An unknown user has no events: the endpoint documents no 404.
 */
import type { ApiMount, ApiRequest } from './api.ts';
import { checkLogPageWindow, sortLogs } from './logs.ts';
import { Q } from './query.ts';
import { serializeLog } from './serialize.ts';

/** ListUserLogsRequestParameters (auth0@7.1.0 requests.d.ts). */
const QUERY = { page: Q.page, per_page: Q.perPage, sort: Q.sort, include_totals: Q.bool } as const;

function list(req: ApiRequest) {
  const userId = req.params.id as string;
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  checkLogPageWindow(page, perPage);
  const events = sortLogs(
    req.context.tenant.logs.all().filter((e) => e.user_id === userId),
    req.query.string('sort') ?? 'date:-1',
  );
  const slice = events.slice(page * perPage, page * perPage + perPage).map(serializeLog);
  if (!req.query.bool('include_totals', false)) return { body: slice };
  return {
    body: {
      start: page * perPage,
      limit: perPage,
      length: slice.length,
      total: events.length,
      logs: slice,
    },
  };
}

export function userLogRoutes(api: ApiMount): void {
  api.add('GET', 'users/:id/logs', {
    scopes: ['read:logs', 'read:logs_users'],
    query: QUERY,
    handler: list,
  });
}
