/**
 * @module helpers/evidence/tenant-logs
 * The tenant's log events of the test user (`GET /api/v2/logs`), normalised and assigned to the
 * recorded logins. Pure: fixtures/evidence.ts fetches, this decides what belongs where.
 *
 * Assignment (live-fidelity L1): Auth0's Success Login (`s`) closes every successful
 * transaction, so the events up to and including the k-th `s` belong to login k. Until every
 * login's `s` has arrived (or when a transaction logs none, e.g. a sign-up that logs only `ss`),
 * each login gets the events inside its own time window instead (widened by a second for the
 * tenant's clock, never into a neighbour's window).
 */
import type { LoginEvidence, LogStatus, TenantLogEvent } from './model.ts';
import { isWebAuthn } from './signals.ts';

/** Auth0's "Success Login" event closes every successful transaction (auth0-behaviour.md §3.3). */
export const SUCCESS_LOGIN = 's';
/** How far outside its window an event may be stamped and still belong to a login (clocks). */
export const WINDOW_SLACK_MS = 1000;

/** A normalised log event and the event as the API returned it (for the redacted excerpt). */
export interface RawLog extends TenantLogEvent {
  raw: Record<string, unknown>;
}

/** Normalises one event of `GET /api/v2/logs` (the SDK may hand `date` as a `Date`). */
export function toRawLog(l: Record<string, unknown>): RawLog {
  const details = (l.details ?? {}) as { authenticator?: { type?: unknown } };
  const type = details.authenticator?.type;
  const date = l.date;
  const summary = summarise(l.details);
  return {
    ...(typeof l.log_id === 'string' ? { log_id: l.log_id } : {}),
    date:
      typeof date === 'string' ? date : date instanceof Date ? date.toISOString() : String(date),
    type: String(l.type),
    ...(typeof l.description === 'string' ? { description: l.description } : {}),
    ...(typeof type === 'string' ? { authenticatorType: type } : {}),
    ...(summary ? { summary } : {}),
    raw: l,
  };
}

/**
 * The details of a log event worth a glance on the timeline.
 * - `prompts[]` (`name`, `performed_amr`) is Auth0's shape of the `s` event's details
 *   (prompt-details-in-tenant-logs, live-fidelity L6).
 * - `factors`, `readFrom`, `requiredBy` (in `mfar`) and `amr` (in `s`) are EMULATOR-ONLY fields
 *   (emulator/login/flow.ts): a live tenant does not write them, so they are marked
 *   "emulator-only:" and the summary of a live event simply lacks them. Nothing decides on them.
 * - `actions.executions` is Auth0's (the `s` event lists the Actions that ran).
 */
export function summarise(details: unknown): string | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const d = details as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(d.prompts)) {
    for (const p of d.prompts as Record<string, unknown>[]) {
      if (!p || typeof p.name !== 'string') continue;
      const amr = Array.isArray(p.performed_amr) ? ` ${JSON.stringify(p.performed_amr)}` : '';
      parts.push(`prompt ${p.name}${amr}`);
    }
  }
  const actions = (d.actions as { executions?: unknown } | undefined)?.executions;
  if (Array.isArray(actions)) parts.push(`${actions.length} Action execution(s)`);
  // Emulator-only detail fields (see above), marked as such.
  const emulatorOnly: string[] = [];
  if (Array.isArray(d.factors)) emulatorOnly.push(`factors ${d.factors.join(',')}`);
  if (typeof d.readFrom === 'string') emulatorOnly.push(`read ${d.readFrom}`);
  if (typeof d.requiredBy === 'string') emulatorOnly.push(`required by ${d.requiredBy}`);
  if (Array.isArray(d.amr)) emulatorOnly.push(`amr ${JSON.stringify(d.amr)}`);
  if (emulatorOnly.length > 0) parts.push(`emulator-only: ${emulatorOnly.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** What `assign` needs of a login: its window, and whether the browser answered a challenge. */
export type LoginWindow = Pick<LoginEvidence, 'startedAt' | 'endedAt' | 'webauthnCalls'>;

export interface AssignedLogs {
  events: RawLog[];
  /** `complete`: the login's closing `s` is among its events. */
  status: Exclude<LogStatus, 'unavailable'>;
  note?: string;
}

export interface Assignment {
  perLogin: AssignedLogs[];
  /**
   * Whether it is worth waiting no longer: every login has its `s`, and every login whose
   * browser answered a biometric challenge has a webauthn `gd_auth_succeed` — which a live
   * tenant may never write (live-fidelity L2): then the wait ends at its deadline and the
   * event is shown `absent`, which changes no verdict.
   */
  settled: boolean;
}

/**
 * Each login's time window for the fallback: its own, widened by `WINDOW_SLACK_MS` but never
 * past the midpoint to its neighbour, so that logins close together never share an event.
 */
function windowsOf(logins: readonly LoginWindow[]): { from: number; to: number }[] {
  return logins.map((login, k) => {
    const prev = logins[k - 1];
    const next = logins[k + 1];
    const from = login.startedAt - WINDOW_SLACK_MS;
    const to = login.endedAt + WINDOW_SLACK_MS;
    return {
      from: prev ? Math.max(from, (prev.endedAt + login.startedAt) / 2) : from,
      to: next ? Math.min(to, (login.endedAt + next.startedAt) / 2) : to,
    };
  });
}

/** Assigns `logs` (in date order) to `logins` (in order): see the module header. */
export function assign(logins: readonly LoginWindow[], logs: readonly RawLog[]): Assignment {
  const closers = logs.filter((l) => l.type === SUCCESS_LOGIN);
  const byClosers = closers.length >= logins.length;
  const windows = windowsOf(logins);
  /** The login whose window holds `l` (the first, if on a shared midpoint). */
  const byTime = (l: RawLog) => {
    const t = Date.parse(l.date);
    return windows.findIndex((w) => t >= w.from && t <= w.to);
  };
  let from = 0;
  let settled = true;
  const perLogin = logins.map((login, k): AssignedLogs => {
    let events: RawLog[];
    let note: string | undefined;
    if (byClosers) {
      const to = logs.indexOf(closers[k] as RawLog);
      events = logs.slice(from, to + 1);
      from = to + 1;
    } else {
      events = logs.filter((l) => byTime(l) === k);
      note = `only ${closers.length} Success Login event(s) for ${logins.length} logins; assigned by time`;
    }
    const closed = events.some((l) => l.type === SUCCESS_LOGIN);
    const answered = login.webauthnCalls.some((c) => c.kind === 'get' && c.outcome === 'resolved');
    const corroborated = events.some((l) => l.type === 'gd_auth_succeed' && isWebAuthn(l));
    if (!closed || (answered && !corroborated)) settled = false;
    return { events, status: closed ? 'complete' : 'incomplete', ...(note ? { note } : {}) };
  });
  return { perLogin, settled };
}
