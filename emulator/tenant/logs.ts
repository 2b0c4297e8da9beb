/**
 * @module emulator/tenant/logs
 * Tenant logs with Auth0's event type codes and field names
 * (https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes). Each event must validate
 * against Auth0's published per-type schema (../shared/docs/auth0-log-schemas.json).
 */
import { newLogId } from './ids.ts';

/** The log type codes this emulator emits, with Auth0's descriptions of each code. */
export const LOG_TYPES = {
  s: 'Success Login',
  ss: 'Success Signup',
  f: 'Failed Login',
  fp: 'Failed Login (Incorrect Password)',
  fu: 'Failed Login (Invalid Email/Username)',
  fs: 'Failed Signup',
  w: 'Warning During Login',
  mfar: 'MFA Required',
  sapi: 'Success API Operation',
  seccft: 'Success Exchange',
  feccft: 'Failed Exchange',
  sdu: 'Successful User Deletion',
  fdu: 'Failed User Deletion',
  actions_execution_failed: 'Actions Execution Failed',
  gd_start_enroll: 'Multi-factor authentication enroll has started.',
  gd_enrollment_complete: 'Multi-factor authentication enrollment complete.',
  gd_start_auth: 'Second factor authentication has started.',
  gd_auth_succeed: 'Multi-factor authentication success.',
  gd_auth_failed: 'Multi-factor authentication failed.',
  gd_webauthn_enrollment_failed: 'WebAuthn enrollment failed.',
  gd_webauthn_challenge_failed: 'WebAuthn challenge failed.',
  gd_otp_rate_limit_exceed: 'Too many failures.',
  gd_unenroll: 'Multi-factor authentication unenrolled.',
  limit_wc: 'Blocked Account',
  api_limit: 'Rate Limit on the Management API',
} as const;
export type LogType = keyof typeof LOG_TYPES;

/** A tenant log event as `GET /api/v2/logs` returns it. */
export interface LogEvent {
  log_id: string;
  date: string;
  type: LogType;
  description: string;
  tenant_name: string;
  environment_name: string;
  ip: string;
  hostname?: string;
  user_agent?: string;
  isMobile?: boolean;
  client_id?: string;
  client_name?: string;
  connection?: string;
  connection_id?: string;
  strategy?: string;
  strategy_type?: string;
  user_id?: string;
  user_name?: string;
  audience?: string;
  scope?: string | string[];
  details: Record<string, unknown>;
  /** Emulator-only correlation: the login transaction (interaction) this event belongs to. */
  transaction_id?: string;
}

/** What a caller supplies; the log fills in id, date, tenant and description defaults. */
export type LogInput = Omit<
  LogEvent,
  'log_id' | 'date' | 'tenant_name' | 'environment_name' | 'description' | 'details'
> & {
  description?: string;
  details?: Record<string, unknown>;
};

/** Normalises a socket address to the IPv4/IPv6 text Auth0's schema requires. */
export function clientIp(remote: string | undefined): string {
  if (!remote) return '127.0.0.1';
  if (remote.startsWith('::ffff:')) return remote.slice(7);
  return remote;
}

/** Append-only log stream with subscribers (the inspector, tests). Capped like a tenant's retention. */
export class TenantLogs {
  private readonly events: LogEvent[] = [];
  private seq = 0;
  private readonly listeners = new Set<(e: LogEvent) => void>();
  static readonly RETENTION = 10_000;

  constructor(private readonly tenantName: string) {}

  emit(input: LogInput): LogEvent {
    const now = new Date();
    this.seq += 1;
    const { description, details, transaction_id, ...rest } = input;
    const event: LogEvent = {
      ...rest,
      log_id: newLogId(now, this.seq),
      date: now.toISOString(),
      tenant_name: this.tenantName,
      environment_name: 'emulator',
      description: description ?? LOG_TYPES[input.type],
      details: details ?? {},
      ...(transaction_id ? { transaction_id } : {}),
    };
    this.events.push(event);
    if (this.events.length > TenantLogs.RETENTION) this.events.shift();
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Oldest first. */
  all(): readonly LogEvent[] {
    return this.events;
  }

  /** Drops every event (emulator-only control surface reset). */
  clear(): number {
    const n = this.events.length;
    this.events.length = 0;
    return n;
  }

  subscribe(listener: (e: LogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
