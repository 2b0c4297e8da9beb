/**
 * Support for the tests of the live operations (doctor, sweep, live guard): an in-process
 * tenant served over HTTPS like a real one (the emulator is imported only to START it and to
 * seed it; the code under test reaches it at `https://localhost:PORT` through
 * helpers/tenant/management.ts, trusting its certificate through NODE_EXTRA_CA_CERTS, which
 * playwright.config.ts sets for the workers), a LIVE harness env pointing at it (the live
 * operations are for live tenants), a counting fetch spy, and a child-process runner for the
 * scripts' exit codes.
 */
import { execFile } from 'node:child_process';
import { startEmulator, type Emulator } from '../emulator/app.ts';
import { fromEnv, type EmulatorConfig } from '../emulator/config.ts';
import type { UserRecord } from '../emulator/tenant/store.ts';
import { parseEnv, type HarnessEnv } from '../helpers/config/env.ts';
import {
  encodeLeaseCode,
  LEASE_ACTION_NAME,
  type LeaseRecord,
} from '../helpers/tenant/lease-record.ts';
import { EMPTY_PLAN } from '../helpers/tenant/restore-plan.ts';
import { acquireLease, type TenantLease } from '../helpers/tenant/lease.ts';
import type { ManagementClient } from 'auth0';

/** Starts a seeded tenant on a free port, runs `fn`, closes it. */
export async function withTenant<T>(
  overrides: Partial<EmulatorConfig>,
  fn: (emulator: Emulator, env: HarnessEnv) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({
    ...fromEnv({ EMULATOR_HTTPS: '1' }),
    port: 0,
    ...overrides,
  });
  try {
    return await fn(emulator, harnessEnvFor(emulator));
  } finally {
    await emulator.close();
  }
}

/** The live configuration of the in-process tenant, as a user would write it in `.env`. */
export function liveConfigFor(emulator: Emulator): Record<string, string> {
  const { domain, config } = emulator.context;
  return {
    E2E_TARGET: 'live',
    AUTH0_DOMAIN: domain,
    E2E_ALLOWED_TENANTS: domain,
    AUTH0_CLIENT_ID: config.app.clientId,
    AUTH0_CLIENT_SECRET: config.app.clientSecret,
    AUTH0_MGMT_CLIENT_ID: config.mgmt.clientId,
    AUTH0_MGMT_CLIENT_SECRET: config.mgmt.clientSecret,
    AUTH0_CALLBACK_URL: config.app.callbackUrls[0] as string,
    E2E_RUN_ID: 'testrun',
  };
}

/** The harness env of the in-process tenant, reached as a live tenant. */
export function harnessEnvFor(emulator: Emulator): HarnessEnv {
  return parseEnv(liveConfigFor(emulator));
}

/** A live env as a (mis)configured caller could build it, bypassing `parseEnv`'s check. */
export function liveEnv(domain: string, allowed: string[]): HarnessEnv {
  const base = parseEnv({
    ...DISALLOWED_LIVE_ENV,
    E2E_ALLOWED_TENANTS: DISALLOWED_LIVE_ENV.AUTH0_DOMAIN,
  });
  return { ...base, domain, origin: `https://${domain}`, allowedTenants: allowed };
}

export interface SpyCall {
  method: string;
  url: string;
}

/** A transport that records every request, then sends it on (or answers with `respond`). */
export function fetchSpy(respond?: (call: SpyCall) => Response): {
  transport: typeof fetch;
  calls: SpyCall[];
} {
  const calls: SpyCall[] = [];
  const transport: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const call = { method, url };
    calls.push(call);
    return respond ? Promise.resolve(respond(call)) : fetch(input, init);
  };
  return { transport, calls };
}

let seq = 0;

/** Puts a user record straight into the tenant (test setup; `created_at` set directly). */
export function seedUser(
  emulator: Emulator,
  {
    email,
    ageMs,
    marker,
  }: { email: string; ageMs: number; marker?: { run: string; created_at: string } | 'none' },
): UserRecord {
  seq += 1;
  const created = new Date(Date.now() - ageMs).toISOString();
  const user: UserRecord = {
    user_id: `auth0|seed${Date.now().toString(16)}${String(seq).padStart(6, '0')}`,
    email: email.toLowerCase(),
    email_verified: false,
    name: email,
    nickname: email.split('@')[0] ?? email,
    picture: 'https://s.gravatar.com/avatar/0?s=480&r=pg&d=mp',
    connection: emulator.context.tenant.connection.name,
    password_hash: 'scrypt$unused$unused',
    created_at: created,
    updated_at: created,
    logins_count: 1,
    blocked: false,
    app_metadata:
      marker === 'none'
        ? { biometrics: { enrolled: true } }
        : {
            biometrics: { enrolled: true },
            e2e_harness: marker ?? { run: 'oldrun', created_at: created },
          },
    user_metadata: {},
    authenticators: [],
  };
  emulator.context.tenant.users.set(user.user_id, user);
  return user;
}

/**
 * Runs a script in a child process (async: the in-process tenant must keep serving), as
 * `npx tsx` runs it but in one Node process with tsx's loader (`node --import tsx`): no npx
 * and no second process of tsx's CLI to start, which cost seconds per script on a busy machine.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', script, ...args], env);
}

/** `npx …` in a child process with `env` added to this one's. */
export function runNpx(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('npx', args, env);
}

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The environment of a child process aimed at the in-process tenant (as a live tenant). */
export function childEnvFor(emulator: Emulator): Record<string, string> {
  // The test application's port follows the callback the tenant was seeded with, whatever `.env`
  // says (an empty value is "unset" for the harness, and dotenv never overrides it).
  return { ...liveConfigFor(emulator), TEST_APP_PORT: '' };
}

/** A live configuration whose tenant is NOT allowed (`.invalid`: never resolvable anyway). */
export const DISALLOWED_LIVE_ENV: Record<string, string> = {
  E2E_TARGET: 'live',
  AUTH0_DOMAIN: 'prod-tenant.invalid',
  E2E_ALLOWED_TENANTS: 'test-tenant.invalid',
  AUTH0_CLIENT_ID: 'client-id',
  AUTH0_CLIENT_SECRET: 'client-secret-value',
  AUTH0_MGMT_CLIENT_ID: 'mgmt-id',
  AUTH0_MGMT_CLIENT_SECRET: 'mgmt-secret-value',
};

/** One injected fault of `faultyTransport`. */
export interface Fault {
  /** Matched against `METHOD /path?query` of the request (after mapping to the tenant). */
  match: RegExp;
  /**
   * `429` (Retry-After 1 s, X-RateLimit-Remaining 0) and `503` are answered without sending the
   * request; `lost` sends it (the tenant does the work), then throws as a reset connection would;
   * any other status is answered as is.
   */
  answer: number | 'lost';
  /** How many matching calls get the fault (default: every one). */
  times?: number;
  /** Headers of a status answer (default for 429: Retry-After 1). */
  headers?: Record<string, string>;
  /** Send the request first (the tenant does the work), then answer the status instead. */
  forward?: boolean;
}

export interface FaultCall extends SpyCall {
  /** `lost`, the injected status, or the tenant's status. */
  outcome: string;
}

/**
 * A transport that answers 429/503/lost-response (or any status) on chosen calls and sends the
 * rest on; it records every call with its outcome.
 */
export function faultyTransport(faults: Fault[]): { transport: typeof fetch; calls: FaultCall[] } {
  const calls: FaultCall[] = [];
  /** Faults may be added to `faults` later; their counts start at 0. */
  const used: number[] = [];
  const transport: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const u = new URL(url);
    const key = `${method} ${u.pathname}${u.search}`;
    const i = faults.findIndex(
      (f, n) => f.match.test(key) && (used[n] ?? 0) < (f.times ?? Infinity),
    );
    const fault = faults[i];
    const call: FaultCall = { method, url, outcome: '' };
    calls.push(call);
    if (!fault) {
      const res = await fetch(input, init);
      call.outcome = String(res.status);
      return res;
    }
    used[i] = (used[i] ?? 0) + 1;
    if (fault.answer === 'lost') {
      await fetch(input, init).then((r) => r.body?.cancel());
      call.outcome = 'lost';
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      });
    }
    if (fault.forward) await fetch(input, init).then((r) => r.body?.cancel());
    call.outcome = `${fault.answer} (injected${fault.forward ? ' after forwarding' : ''})`;
    const headers =
      fault.headers ??
      (fault.answer === 429
        ? { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'content-type': 'application/json' }
        : { 'content-type': 'application/json' });
    const body =
      fault.answer === 429
        ? {
            statusCode: 429,
            error: 'Too Many Requests',
            message:
              'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.',
          }
        : { statusCode: fault.answer, error: 'Injected', message: `injected ${fault.answer}` };
    return new Response(JSON.stringify(body), { status: fault.answer, headers });
  };
  return { transport, calls };
}

/** `METHOD /path` of each call (query dropped), for asserting on a sequence. */
export function callLines(calls: readonly SpyCall[]): string[] {
  return calls.map((c) => `${c.method} ${new URL(c.url).pathname}`);
}

/** Puts a lease Action straight into the tenant, as a run on another machine would have. */
export function seedLease(
  emulator: Emulator,
  {
    run,
    ageMs,
    ttlSeconds,
    restore = EMPTY_PLAN,
  }: {
    run: string;
    ageMs: number;
    ttlSeconds: number;
    restore?: LeaseRecord['restore'];
  },
): string {
  const at = new Date(Date.now() - ageMs).toISOString();
  const record: LeaseRecord = {
    holder: { run, host: 'ci-runner-7', pid: 4242, started_at: at, nonce: `nonce-${run}` },
    ttl_seconds: ttlSeconds,
    expires_at: new Date(Date.parse(at) + ttlSeconds * 1000).toISOString(),
    restore,
  };
  const id = `lease-${run}`;
  emulator.context.tenant.actions.set(id, {
    id,
    name: LEASE_ACTION_NAME,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: encodeLeaseCode(record),
    runtime: 'node22',
    dependencies: [],
    secrets: [],
    status: 'built',
    created_at: at,
    updated_at: at,
    all_changes_deployed: false,
    versions: [],
  });
  return id;
}

/** Takes the lease as run `runId` without waiting, with no dead run's plan to restore. */
export function takeLease(management: ManagementClient, runId: string): Promise<TenantLease> {
  return acquireLease(management, {
    runId,
    waitMs: 0,
    restoreDeadRun: () => Promise.resolve({ restored: [], failures: [] }),
  });
}
