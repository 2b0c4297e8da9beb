/**
 * @module emulator/flow/log
 * Tenant log events emitted by the login flow and Universal Login, filled with the fields each
 * type's schema requires (auth0-behaviour.md §3.3, shared/docs/auth0-log-schemas.json) and
 * correlated to the transaction through the emulator-only `transaction_id`.
 */
import { LOG_TYPES, type LogEvent, type LogInput, type LogType } from '../tenant/logs.ts';
import type { Tenant, UserRecord } from '../tenant/store.ts';
import type { RequestInfo } from './env.ts';
import type { LoginTransaction } from './transaction.ts';

/** Where a log event is emitted: the tenant and the request it happened in. */
export interface LogTarget {
  tenant: Tenant;
  request: RequestInfo;
}
const LOGIN_TYPES: readonly LogType[] = [
  's',
  'ss',
  'f',
  'fp',
  'fu',
  'fs',
  'w',
  'mfar',
  'limit_wc',
  'actions_execution_failed',
];

/**
 * Emits a log event for a transaction (and notes it on the transaction's trail). Login-type events (`s`, `f*`, `w`, `mfar`, …) carry the
 * client, connection and strategy; Guardian `gd_*` events carry the user and `details`.
 * @param user the user when known (by id or record); `userName` overrides the user name (e.g. `fu`).
 */
export function emitLog(
  target: LogTarget,
  tx: LoginTransaction,
  type: LogType,
  opts: {
    description?: string;
    details?: Record<string, unknown>;
    user?: UserRecord;
    userName?: string;
  } = {},
): LogEvent {
  const { tenant, request } = target;
  const user = opts.user ?? (tx.userId ? tenant.users.get(tx.userId) : undefined);
  const client = tenant.clients.get(tx.clientId);
  const input: LogInput = {
    type,
    ip: request.ip,
    ...(request.userAgent ? { user_agent: request.userAgent } : {}),
    ...(user ? { user_id: user.user_id } : {}),
    ...(opts.userName !== undefined
      ? { user_name: opts.userName }
      : user
        ? { user_name: user.email }
        : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    details:
      type.startsWith('gd_') && request.deviceId
        ? { device_id: request.deviceId, ...opts.details }
        : (opts.details ?? {}),
    transaction_id: tx.uid,
  };
  if (LOGIN_TYPES.includes(type)) {
    Object.assign(input, {
      hostname: request.hostname,
      client_id: tx.clientId,
      client_name: client?.name ?? '',
      connection: tenant.connection.name,
      connection_id: tenant.connection.id,
      strategy: 'auth0',
      strategy_type: 'database',
    });
  }
  // `w` requires `audience` (logs schema); a login without an API audience is for /userinfo.
  if (type === 'w') input.audience = `https://${request.hostname}/userinfo`;
  input.details = requiredDetails(type, input.details ?? {}, {
    description: opts.description ?? LOG_TYPES[type],
    tenant,
    tx,
    user,
  });
  const event = tenant.logs.emit(input);
  tx.noteLog(event);
  return event;
}

/**
 * Fills the `details` members a type's schema requires when the producer gave none
 * (auth0-log-schemas.json; emulator/conformance/log-schemas.test.ts validates every type):
 * - `f`, `fp`, `fu`: `error` — Auth0 repeats the failure there (`f` also has `oauthError`);
 * - `ss`: `body` — the sign-up request, without the password;
 * - `mfar`: the risk assessment's `confidence` and `version`. Without Adaptive MFA the emulator
 *   reports a `neutral` assessment of version `1` (values unconfirmed).
 */
function requiredDetails(
  type: LogType,
  details: Record<string, unknown>,
  at: { description: string; tenant: Tenant; tx: LoginTransaction; user: UserRecord | undefined },
): Record<string, unknown> {
  if ((type === 'f' || type === 'fp' || type === 'fu') && details.error === undefined) {
    const error = {
      message: at.description,
      ...(type === 'f' ? { oauthError: 'access_denied' } : {}),
    };
    return { ...details, error };
  }
  if (type === 'ss' && details.body === undefined) {
    const body = {
      tenant: at.tenant.config.tenantName,
      connection: at.tenant.connection.name,
      client_id: at.tx.clientId,
      ...(at.user ? { email: at.user.email } : {}),
    };
    return { ...details, body };
  }
  if (type === 'mfar' && details.confidence === undefined) {
    return { confidence: 'neutral', version: '1', ...details };
  }
  return details;
}

/** `details` of a Guardian event: the authenticator and enrollment (logs schema `gd_*`). */
export function guardianDetails(
  tenant: Tenant,
  user: UserRecord,
  authenticator: { id: string | null; type: string },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    authenticator,
    enrollment: {
      _id: authenticator.id ?? `pending|${user.user_id}`,
      tenant: tenant.config.tenantName,
      user_id: user.user_id,
      identifier: user.email,
    },
    first_factor: false,
    ...extra,
  };
}
