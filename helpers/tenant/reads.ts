/**
 * @module helpers/tenant/reads
 * The Management API reads behind the evidence (fixtures/evidence.ts), each in the form Auth0
 * accepts and in as few calls as the evidence allows:
 * - the user before a login, by its known id: `GET /api/v2/users/{id}` and
 *   `GET /api/v2/users/{id}/authentication-methods` (2 calls);
 * - the test user's log events: `GET /api/v2/logs?q=user_id:"…"`. The v7 SDK's
 *   `logs.list({ search })` sends `search=`, which Auth0 refuses with 400 (auth0-behaviour.md
 *   §3.3; https://auth0.com/docs/api/management/v2/logs/get-logs documents `q`), so the Lucene
 *   query goes in the request options' `queryParams`, which the SDK appends as `q=` (its
 *   `queryBuilder().mergeAdditional(requestOptions.queryParams)`, logs/client/Client.js).
 */
import type { ManagementClient } from 'auth0';
import type { UserBefore } from '../evidence/model.ts';

/** The user's state before a login, read by id (never throws: a failure is recorded). */
export async function readUserById(
  management: ManagementClient,
  userId: string,
): Promise<UserBefore> {
  const at = Date.now();
  try {
    const user = await management.users.get(userId, {
      fields: 'user_id,app_metadata,logins_count',
      include_fields: true,
    });
    const methods = await management.users.authenticationMethods.list(userId);
    const list = Array.isArray(methods) ? methods : ((methods as { data?: unknown[] }).data ?? []);
    const appMetadata = (user.app_metadata ?? {}) as Record<string, unknown>;
    return {
      at,
      exists: true,
      userId,
      ...(appMetadata.biometrics !== undefined ? { biometrics: appMetadata.biometrics } : {}),
      ...(typeof user.logins_count === 'number' ? { loginsCount: user.logins_count } : {}),
      factors: list.map((m) => String((m as { type?: unknown }).type)),
    };
  } catch (err) {
    if ((err as { statusCode?: unknown }).statusCode === 404) return { at, exists: false, userId };
    return { at, exists: false, error: firstLine(err) };
  }
}

/** The Lucene query of one user's log events (exact match: auth0-behaviour.md §3.3). */
export function userLogQuery(userId: string): string {
  return `user_id:"${userId.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * One page (up to 100, oldest first) of the log events of `userId`, sent as `q=`, never
 * `search=`; with the response headers (rate-limit pacing).
 */
export async function listUserLogs(
  management: ManagementClient,
  userId: string,
): Promise<{ logs: Record<string, unknown>[]; headers: Headers }> {
  const page = await management.logs.list(
    { sort: 'date:1', per_page: 100, include_totals: true },
    { queryParams: { q: userLogQuery(userId) } },
  );
  return {
    logs: page.data as unknown as Record<string, unknown>[],
    headers: page.rawResponse.headers,
  };
}

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
