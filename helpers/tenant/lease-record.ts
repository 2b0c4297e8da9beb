/**
 * @module helpers/tenant/lease-record
 * What the tenant lease Action carries: a JSON comment in its `code` naming the holder (run id,
 * host, pid, start, and a random nonce by which a run recognises its own lease), the lease's
 * time to live and `expires_at`, and the holder's restore plan (helpers/tenant/restore-plan.ts).
 * The rest of the code is a post-login handler that does nothing: the lease Action is never
 * deployed nor bound, and would be harmless if it were.
 */
import { parsePlan, type RestorePlan } from './restore-plan.ts';

/** The lease Action's name; its creation is the atomic acquire (helpers/tenant/lease.ts). */
export const LEASE_ACTION_NAME = 'e2e-harness lease';
const MARK = 'e2e-harness lease v1';
/** The lease's default time to live; renewed every fifth of it while held. */
export const DEFAULT_TTL_SECONDS = 300;

export interface LeaseHolder {
  run: string;
  host: string;
  pid: number;
  /** ISO time the run took the lease. */
  started_at: string;
  /** Random, per acquisition: tells a run its own lease from another's. */
  nonce: string;
}

export interface LeaseRecord {
  holder: LeaseHolder;
  /** Seconds the lease lasts after its last write (creation or renewal). */
  ttl_seconds: number;
  /** ISO time, holder's clock: informational; expiry is judged on the tenant's `updated_at`. */
  expires_at: string;
  restore: RestorePlan;
}

/** The lease Action's `code`. `*\/` inside the JSON is escaped (`\/` is valid JSON). */
export function encodeLeaseCode(record: LeaseRecord): string {
  const json = JSON.stringify(record, null, 1).replaceAll('*/', '*\\/');
  return [
    `/* ${MARK}: held by the auth0-biometric-e2e harness while it changes post-login bindings,`,
    '   MFA factors and tenant settings. Never deploy or bind it. Delete it only if no run is',
    '   going (npm run doctor shows the holder); an expired lease is taken over by the next run.',
    json,
    '*/',
    'exports.onExecutePostLogin = async () => {};',
    '',
  ].join('\n');
}

/** The record in a lease Action's code; undefined when it is not one (or was edited badly). */
export function parseLeaseCode(code: string | undefined): LeaseRecord | undefined {
  if (!code?.includes(MARK)) return undefined;
  const start = code.indexOf('{');
  const end = code.lastIndexOf('}', code.lastIndexOf('*/'));
  if (start < 0 || end < start) return undefined;
  try {
    const raw = JSON.parse(code.slice(start, end + 1)) as Record<string, unknown>;
    const h = (raw.holder ?? {}) as Record<string, unknown>;
    if (typeof h.run !== 'string' || typeof h.nonce !== 'string') return undefined;
    const ttl = Number(raw.ttl_seconds);
    return {
      holder: {
        run: h.run,
        host: typeof h.host === 'string' ? h.host : '?',
        pid: typeof h.pid === 'number' ? h.pid : 0,
        started_at: typeof h.started_at === 'string' ? h.started_at : '?',
        nonce: h.nonce,
      },
      ttl_seconds: Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_TTL_SECONDS,
      expires_at: typeof raw.expires_at === 'string' ? raw.expires_at : '?',
      restore: parsePlan(raw.restore),
    };
  } catch {
    return undefined;
  }
}

/** A lease Action as listed (`GET /api/v2/actions/actions?actionName=…`). */
export interface LeaseAction {
  id: string;
  created_at: string;
  updated_at: string;
  /** undefined: the code is not a lease record (then it expires `DEFAULT_TTL_SECONDS` after its last write). */
  record: LeaseRecord | undefined;
}

/**
 * When a lease expires, in ms: its last write on the TENANT's clock (`updated_at`) plus its
 * time to live, so that a holder's or reader's clock skew does not matter (the tenant's `Date`
 * header is the reader's "now"). A time to live of 0 is a lease its holder expired on purpose
 * (it could not restore the tenant): expired at once, whatever the clocks.
 */
export function leaseExpiresAtMs(lease: LeaseAction): number {
  if (lease.record?.ttl_seconds === 0) return 0;
  const last = Date.parse(lease.updated_at || lease.created_at);
  const ttl = (lease.record?.ttl_seconds ?? DEFAULT_TTL_SECONDS) * 1000;
  if (Number.isFinite(last)) return last + ttl;
  const stated = Date.parse(lease.record?.expires_at ?? '');
  return Number.isFinite(stated) ? stated : 0;
}

/** "run X on host Y (pid N) since T", for progress and error lines. */
export function describeHolder(lease: LeaseAction): string {
  const h = lease.record?.holder;
  if (!h) return `an unreadable lease (Action ${lease.id}, created ${lease.created_at})`;
  return `run ${h.run} on host ${h.host} (pid ${h.pid}) since ${h.started_at}`;
}

/** Oldest first (`created_at`, then id): the order that decides which of two leases holds. */
export function byAge(a: LeaseAction, b: LeaseAction): number {
  return Date.parse(a.created_at) - Date.parse(b.created_at) || a.id.localeCompare(b.id);
}

/**
 * Whole seconds left, rounded down: `nowMs` is the tenant's `Date` header, which has one-second
 * precision (RFC 9110 §5.6.7), so the true "now" is up to 999 ms later than it; rounding to the
 * nearest second could show a 300 s lease as "expires in 301 s".
 */
export const secondsLeft = (ms: number) => `${Math.max(0, Math.floor(ms / 1000))} s`;
