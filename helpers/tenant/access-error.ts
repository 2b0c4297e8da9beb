/**
 * @module helpers/tenant/access-error
 * Why a command could not work with the tenant at all, as ONE line with a fix hint that depends
 * on the class of error (reliability audit §3: a bad secret, an unreachable tenant and a refused
 * tenant need different fixes; `npm run sweep` printed a stack trace):
 * - `credentials`: the client-credentials token call was refused (401/403);
 * - `network`: no connection (ECONNREFUSED, a name that does not resolve, a reset, TLS);
 * - `timeout`: the tenant did not answer in time (the token call's 10 s, an API call's 60 s);
 * - `allow-list`: a live tenant not in `E2E_ALLOWED_TENANTS` (nothing was sent).
 */
import type { HarnessEnv } from '../config/env.ts';
import { causeCode } from '../ops/cleanup-failures.ts';

export type AccessErrorKind = 'credentials' | 'network' | 'timeout' | 'allow-list';

/** The tenant could not be used at all; `message` is one line: cause, then `fix:`. */
export class TenantAccessError extends Error {
  override name = 'TenantAccessError';
  constructor(
    readonly kind: AccessErrorKind,
    cause: string,
    readonly fix: string,
  ) {
    super(`${cause}; fix: ${fix}`);
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const ALLOW_LIST = /"([^"]+)" is not in E2E_ALLOWED_TENANTS/;

type Env = Pick<HarnessEnv, 'domain' | 'origin' | 'mgmtClientId'>;

/** The one-line reason of a refused allow-list, from the env module's message. */
export function allowListError(message: string): TenantAccessError | undefined {
  const domain = ALLOW_LIST.exec(message)?.[1];
  if (!domain) return undefined;
  return new TenantAccessError(
    'allow-list',
    `refusing the tenant "${domain}": it is not in E2E_ALLOWED_TENANTS, so nothing was sent to it`,
    'if it is a TEST tenant, add it to E2E_ALLOWED_TENANTS in .env (comma-separated); never list a production tenant',
  );
}

/**
 * Classifies an error from the Management client (token call included); `undefined` when it is
 * not about reaching or being let into the tenant (a 403 on one endpoint, a 429, a bug).
 */
export function classifyAccessError(err: unknown, env: Env): TenantAccessError | undefined {
  const e = err as {
    name?: unknown;
    message?: unknown;
    statusCode?: unknown;
    body?: { error?: unknown; error_description?: unknown; message?: unknown };
  } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.name === 'TenantNotAllowedError') return allowListError(message);
  const tokenCall = message.startsWith('ManagementClient: token request');
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (tokenCall && (status === 401 || status === 403)) {
    const said = e?.body?.error_description ?? e?.body?.message ?? e?.body?.error;
    return new TenantAccessError(
      'credentials',
      `the tenant ${env.domain} refused the Management API credentials of ${env.mgmtClientId} (${status}${typeof said === 'string' ? ` ${said}` : ''})`,
      'check AUTH0_MGMT_CLIENT_ID / AUTH0_MGMT_CLIENT_SECRET in .env, and that this M2M application is authorised for the Auth0 Management API (Dashboard › Applications › APIs › Auth0 Management API › Machine To Machine Applications)',
    );
  }
  if (
    e?.name === 'ManagementTimeoutError' ||
    (tokenCall && status === 408) ||
    causeCode(err) === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new TenantAccessError(
      'timeout',
      `the tenant ${env.origin} did not answer in time (${message.split('\n')[0]})`,
      `check that ${env.origin} is reachable from here (network, proxy, firewall) and try again; see https://status.auth0.com`,
    );
  }
  const code = causeCode(err);
  if (status === undefined && code && NETWORK_CODES.has(code)) {
    return new TenantAccessError(
      'network',
      `cannot reach the tenant at ${env.origin} (${code === 'ENOTFOUND' ? 'the host name does not resolve' : code})`,
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'check AUTH0_DOMAIN (a bare host name such as my-tenant.eu.auth0.com) and your DNS'
        : 'check AUTH0_DOMAIN and that this machine can open HTTPS connections to it (network, proxy, firewall)',
    );
  }
  return undefined;
}

/** The line a script prints for an error that stops it, or undefined for a bug (keep its stack). */
export function accessErrorLine(command: string, err: unknown, env?: Env): string | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const classified =
    err instanceof TenantAccessError ? err : env ? classifyAccessError(err, env) : undefined;
  const refused = classified ?? (ALLOW_LIST.test(message) ? allowListError(message) : undefined);
  // An env error naming other keys too keeps its full list.
  if (refused && (refused.kind !== 'allow-list' || message.split('\n  - ').length <= 2)) {
    return `${command}: ${refused.message}`;
  }
  return undefined;
}
