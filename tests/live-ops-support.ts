/**
 * Support for the tests of the live operations (doctor, sweep, live guard): an in-process
 * tenant served over HTTPS like a real one (the emulator is imported only to START it and to
 * seed it; the code under test reaches it at `https://localhost:PORT` through
 * helpers/management.ts, trusting its certificate through NODE_EXTRA_CA_CERTS, which
 * playwright.config.ts sets for the workers), a LIVE harness env pointing at it (the live
 * operations are for live tenants), a counting fetch spy, and a child-process runner for the
 * scripts' exit codes.
 */
import { execFile } from 'node:child_process';
import { startEmulator, type Emulator } from '../emulator/app.ts';
import { fromEnv, type EmulatorConfig } from '../emulator/config.ts';
import type { UserRecord } from '../emulator/tenant/store.ts';
import { parseEnv, type HarnessEnv } from '../helpers/env.ts';

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

/** Runs a script in a child process (async: the in-process tenant must keep serving). */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runNpx(['tsx', script, ...args], env);
}

/** `npx …` in a child process with `env` added to this one's. */
export function runNpx(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
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
  return liveConfigFor(emulator);
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
