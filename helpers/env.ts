/**
 * @module helpers/env
 * The one reader of the environment for the harness: dotenv + a schema. Every other module
 * receives a typed `HarnessEnv`. Errors name every missing or invalid key at once.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { DEV_DEFAULTS } from '../emulator/config.ts';

const port = z.coerce.number().int().min(1).max(65535);
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean),
);

const schema = z
  .object({
    E2E_TARGET: z.enum(['emulator', 'live']).default('emulator'),
    AUTH0_DOMAIN: z
      .string()
      .regex(
        /^[a-z0-9.-]+(:\d+)?$/i,
        'must be a bare host name such as my-tenant.eu.auth0.com (no scheme or path)',
      )
      .optional(),
    AUTH0_CLIENT_ID: z.string().min(1).optional(),
    AUTH0_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH0_MGMT_CLIENT_ID: z.string().min(1).optional(),
    AUTH0_MGMT_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH0_CONNECTION: z.string().min(1).default(DEV_DEFAULTS.connection),
    AUTH0_CALLBACK_URL: z.url().optional(),
    E2E_ALLOWED_TENANTS: csv.optional(),
    E2E_ACTION_NAME: z.string().min(1).default('Biometric enrollment (e2e)'),
    E2E_BROWSER_PATH: z.string().min(1).optional(),
    EMULATOR_PORT: port.default(4010),
    EMULATOR_USER_READS: z.enum(['snapshot', 'fresh']).default('snapshot'),
    TEST_APP_PORT: port.default(3000),
  })
  .superRefine((e, ctx) => {
    if (e.E2E_TARGET !== 'live') return;
    for (const key of [
      'AUTH0_DOMAIN',
      'AUTH0_CLIENT_ID',
      'AUTH0_CLIENT_SECRET',
      'AUTH0_MGMT_CLIENT_ID',
      'AUTH0_MGMT_CLIENT_SECRET',
      'E2E_ALLOWED_TENANTS',
    ] as const) {
      if (e[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required when E2E_TARGET=live' });
    }
    if (
      e.AUTH0_DOMAIN &&
      e.E2E_ALLOWED_TENANTS &&
      !e.E2E_ALLOWED_TENANTS.includes(e.AUTH0_DOMAIN.toLowerCase())
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH0_DOMAIN'],
        message: `"${e.AUTH0_DOMAIN}" is not in E2E_ALLOWED_TENANTS; refusing to touch a tenant not explicitly allowed`,
      });
    }
  });

export interface HarnessEnv {
  target: 'emulator' | 'live';
  /** Tenant domain without scheme, e.g. `my-tenant.eu.auth0.com` or `localhost:4010`. */
  domain: string;
  /** Where HTTP really goes for `https://{domain}`: the same for live, `http://localhost:PORT` for the emulator. */
  origin: string;
  clientId: string;
  clientSecret: string;
  mgmtClientId: string;
  mgmtClientSecret: string;
  connection: string;
  callbackUrl: string;
  testAppPort: number;
  testAppOrigin: string;
  emulatorPort: number;
  emulatorUserReads: 'snapshot' | 'fresh';
  actionName: string;
  browserPath?: string;
  allowedTenants: string[];
}

/** Thrown when the environment cannot be used; the message names every offending key. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/** Parses an environment record; pure, for tests. */
export function parseEnv(raw: Record<string, string | undefined>): HarnessEnv {
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''),
  );
  const r = schema.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(
      `Invalid harness configuration (.env):\n${lines.join('\n')}\nSee .env.example.`,
    );
  }
  const e = r.data;
  const emulator = e.E2E_TARGET === 'emulator';
  const domain = emulator ? `localhost:${e.EMULATOR_PORT}` : (e.AUTH0_DOMAIN as string);
  const callbackUrl = e.AUTH0_CALLBACK_URL ?? `http://localhost:${e.TEST_APP_PORT}/callback`;
  return {
    target: e.E2E_TARGET,
    domain,
    origin: emulator ? `http://${domain}` : `https://${domain}`,
    clientId: e.AUTH0_CLIENT_ID ?? DEV_DEFAULTS.appClientId,
    clientSecret: e.AUTH0_CLIENT_SECRET ?? DEV_DEFAULTS.appClientSecret,
    mgmtClientId: e.AUTH0_MGMT_CLIENT_ID ?? DEV_DEFAULTS.mgmtClientId,
    mgmtClientSecret: e.AUTH0_MGMT_CLIENT_SECRET ?? DEV_DEFAULTS.mgmtClientSecret,
    connection: e.AUTH0_CONNECTION,
    callbackUrl,
    testAppPort: e.TEST_APP_PORT,
    testAppOrigin: new URL(callbackUrl).origin,
    emulatorPort: e.EMULATOR_PORT,
    emulatorUserReads: e.EMULATOR_USER_READS,
    actionName: e.E2E_ACTION_NAME,
    ...(e.E2E_BROWSER_PATH ? { browserPath: e.E2E_BROWSER_PATH } : {}),
    allowedTenants: e.E2E_ALLOWED_TENANTS ?? [],
  };
}

let cached: HarnessEnv | undefined;

/** Loads `.env` (quietly) and returns the validated harness configuration. */
export function loadEnv(): HarnessEnv {
  if (!cached) {
    loadDotenv({ quiet: true });
    cached = parseEnv(process.env);
  }
  return cached;
}

/** The secret values of this run, for redaction and for the secret scan. */
export function secretValues(env: HarnessEnv): string[] {
  return [env.clientSecret, env.mgmtClientSecret].filter((s) => s.length >= 8);
}
