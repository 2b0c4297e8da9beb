/**
 * @module helpers/config/env
 * The one reader of the environment for the harness: dotenv + a schema. Every other module
 * receives a typed value. Errors name every missing, invalid or misspelt key at once.
 *
 * Two shapes:
 * - `HarnessConfig`: what `.env` says — the target and everything that does not depend on
 *   which tenant is reached;
 * - `HarnessEnv`: a config plus `TenantAccess`, the way to ONE tenant (domain, credentials,
 *   callback). For the live target it comes from `.env`; for the emulator target the harness
 *   starts an embedded tenant (one per worker) and fills it in (`embeddedEnv`). Either way
 *   the tenant is reached at `https://{domain}` through the same code: the only difference
 *   between targets is the domain and the credentials (design.md "Targets").
 */
import { existsSync, readFileSync } from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { misspeltKeys, malformedEnvLines } from './env-lint.ts';

const port = z.coerce.number().int().min(1).max(65535);
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean),
);

/** Every key this project reads (the harness's and the embedded tenant's), for typo checks. */
export const KNOWN_KEYS = [
  'E2E_TARGET',
  'AUTH0_DOMAIN',
  'AUTH0_CLIENT_ID',
  'AUTH0_CLIENT_SECRET',
  'AUTH0_MGMT_CLIENT_ID',
  'AUTH0_MGMT_CLIENT_SECRET',
  'AUTH0_CONNECTION',
  'AUTH0_CALLBACK_URL',
  'E2E_ALLOWED_TENANTS',
  'E2E_ACTION_NAME',
  'E2E_BROWSER_PATH',
  'E2E_USER_AGENT',
  'EMULATOR_PORT',
  'EMULATOR_USER_READS',
  'EMULATOR_RATE_LIMIT',
  'EMULATOR_HTTPS',
  'EMULATOR_TLS_DIR',
  'EMULATOR_SPA_ORIGINS',
  'EMULATOR_SPA_CLIENT_ID',
  'TEST_APP_PORT',
  'E2E_TICKET_URL_TEMPLATE',
  'E2E_TICKET',
  'ALLURE_RESULTS_DIR',
  'E2E_SECRET_SINK',
  'E2E_RUN_ID',
  'E2E_LEASE_WAIT_SECONDS',
  'E2E_TENANT_CONFIG',
] as const;

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
    AUTH0_CONNECTION: z.string().min(1).default('Username-Password-Authentication'),
    AUTH0_CALLBACK_URL: z
      .string()
      .regex(/^https?:\/\//, 'must be an absolute http(s) URL, e.g. http://localhost:3000/callback')
      .pipe(z.url())
      .optional(),
    E2E_ALLOWED_TENANTS: csv.optional(),
    E2E_ACTION_NAME: z.string().min(1).default('Biometric enrollment (e2e)'),
    E2E_BROWSER_PATH: z.string().min(1).optional(),
    /** The browser's user agent; default a desktop Chrome on macOS (see `helpers/config/browser.ts`). */
    E2E_USER_AGENT: z.string().min(20).optional(),
    EMULATOR_PORT: port.optional(),
    EMULATOR_USER_READS: z.enum(['snapshot', 'fresh']).default('snapshot'),
    EMULATOR_RATE_LIMIT: z.enum(['default', 'free']).default('default'),
    /** The embedded tenant's certificate folder (the tenant generates it there on first start). */
    EMULATOR_TLS_DIR: z.string().min(1).default('.tmp/tenant-tls'),
    /** Read by the embedded tenant alone (`npm run tenant`); listed so that it is not a typo. */
    EMULATOR_HTTPS: z.enum(['0', '1', 'true', 'false']).optional(),
    TEST_APP_PORT: port.optional(),
    /** Ticket link of the run in the report: `%s` is replaced by E2E_TICKET. */
    E2E_TICKET_URL_TEMPLATE: z
      .string()
      .regex(/^https?:\/\/[^\s]*%s/, 'must be an http(s) URL containing %s')
      .optional(),
    E2E_TICKET: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a ticket id (letters, digits, . _ -)')
      .optional(),
    /** Where allure-playwright writes its results (default `allure-results`). */
    ALLURE_RESULTS_DIR: z.string().min(1).default('allure-results'),
    /**
     * Test runs of the harness only: a file OUTSIDE every artifact directory to which the
     * test-user fixture appends the run's real secrets, so that a secret scan knows what to
     * look for. Never set it for real runs.
     */
    E2E_SECRET_SINK: z.string().min(1).optional(),
    /**
     * How long a run waits for another run's tenant lease (helpers/tenant/lease.ts) before it
     * stops naming the holder; longer than a lease lives, so a dead run's is outlasted.
     */
    E2E_LEASE_WAIT_SECONDS: z.coerce
      .number()
      .int('must be whole seconds')
      .min(0)
      .max(86_400, 'must be at most 86400 (a day)')
      .default(420),
    /**
     * Release gate: a Deploy CLI configuration (`tenant.yaml`) each worker's embedded tenant is
     * seeded from with `a0deploy import`; its Actions are the ones under test (emulator only).
     */
    E2E_TENANT_CONFIG: z.string().min(1).optional(),
    /** Shared by all workers of one run (test-user emails); generated by `loadConfig()` when unset. */
    E2E_RUN_ID: z
      .string()
      .regex(/^[a-z0-9]{1,16}$/, 'must be 1-16 lowercase letters or digits')
      .optional(),
  })
  .superRefine((e, ctx) => {
    if (e.EMULATOR_PORT !== undefined && e.EMULATOR_PORT === e.TEST_APP_PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEST_APP_PORT'],
        message: `equals EMULATOR_PORT (${e.EMULATOR_PORT}): the tenant and the test application need a port each`,
      });
    }
    if (e.E2E_TENANT_CONFIG && e.E2E_TARGET === 'live') {
      ctx.addIssue({
        code: 'custom',
        path: ['E2E_TENANT_CONFIG'],
        message:
          'seeds the embedded tenant only (E2E_TARGET=emulator): a live tenant is deployed with a0deploy itself',
      });
    }
    if (e.AUTH0_CALLBACK_URL) {
      const cb = new URL(e.AUTH0_CALLBACK_URL);
      if (cb.hostname !== 'localhost') {
        ctx.addIssue({
          code: 'custom',
          path: ['AUTH0_CALLBACK_URL'],
          message: `must be on localhost, where the harness serves the test application (got ${cb.hostname})`,
        });
      }
      const cbPort = Number(cb.port || (cb.protocol === 'https:' ? 443 : 80));
      if (e.TEST_APP_PORT !== undefined && cbPort !== e.TEST_APP_PORT) {
        ctx.addIssue({
          code: 'custom',
          path: ['AUTH0_CALLBACK_URL'],
          message: `is on port ${cbPort} but TEST_APP_PORT is ${e.TEST_APP_PORT}: the test application serves the callback, so they must agree (or leave TEST_APP_PORT unset)`,
        });
      }
    }
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

/** The way to one tenant: where it is and the two applications' credentials. */
export interface TenantAccess {
  /** Tenant domain without scheme, e.g. `my-tenant.eu.auth0.com` or `localhost:4010`. */
  domain: string;
  /** `https://{domain}`: every request to the tenant goes there, for every target. */
  origin: string;
  clientId: string;
  clientSecret: string;
  mgmtClientId: string;
  mgmtClientSecret: string;
  /** The test application's callback (an Allowed Callback URL of the tenant). */
  callbackUrl: string;
  /** Port the test application listens on (the callback's port). */
  testAppPort: number;
  testAppOrigin: string;
}

/** What `.env` says, whatever tenant is reached. */
export interface HarnessConfig {
  target: 'emulator' | 'live';
  connection: string;
  actionName: string;
  browserPath?: string;
  /** E2E_USER_AGENT, when set (else the browser module's default desktop Chrome). */
  userAgent?: string;
  allowedTenants: string[];
  /** What the harness asks of the embedded tenants it starts (emulator target). */
  emulator: { userReads: 'snapshot' | 'fresh'; rateLimit: 'default' | 'free'; tlsDir: string };
  /** Identifies this run in test-user emails; the same in every worker process. */
  runId: string;
  /** The run's ticket link in the report, when both E2E_TICKET_URL_TEMPLATE and E2E_TICKET are set. */
  ticket?: { id: string; url: string };
  /** E2E_TICKET_URL_TEMPLATE as given (the report's link template), if set. */
  ticketUrlTemplate?: string;
  allureResultsDir: string;
  /** Harness tests only: see E2E_SECRET_SINK. */
  secretSink?: string;
  /** E2E_LEASE_WAIT_SECONDS: how long to wait for another run's tenant lease. */
  leaseWaitSeconds: number;
  /** E2E_TENANT_CONFIG: the Deploy CLI configuration the embedded tenants are seeded from. */
  tenantConfig?: string;
  /** The tenant of `.env` (live target only). */
  live?: TenantAccess;
}

/** A config with the tenant it reaches. */
export type HarnessEnv = HarnessConfig & TenantAccess;

/** Thrown when the environment cannot be used; the message names every offending key. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/** Thrown when a live tenant is not in `E2E_ALLOWED_TENANTS`: nothing was sent to it. */
export class TenantNotAllowedError extends EnvError {
  override name = 'TenantNotAllowedError';
}

/**
 * The live guard, for every code path that is about to talk to a tenant (the Management
 * client factory calls it before it builds anything): a live tenant must be listed in
 * `E2E_ALLOWED_TENANTS`. `parseConfig` already refuses such a configuration; this re-checks a
 * `HarnessEnv` however it was made. An embedded tenant the harness started is always allowed.
 * @throws TenantNotAllowedError
 */
export function assertTenantAllowed(env: HarnessEnv): void {
  if (env.target !== 'live') return;
  const domain = env.domain.toLowerCase();
  if (!env.allowedTenants.map((t) => t.toLowerCase()).includes(domain)) {
    throw new TenantNotAllowedError(
      `"${env.domain}" is not in E2E_ALLOWED_TENANTS (${env.allowedTenants.join(', ') || 'empty'}); refusing to touch a tenant not explicitly allowed`,
    );
  }
}

/** The default callback of the test application on `port`. */
export const defaultCallbackUrl = (port: number) => `http://localhost:${port}/callback`;

/** Access to a tenant at `domain` (always `https://{domain}`). */
export function tenantAccess(
  domain: string,
  credentials: Pick<
    TenantAccess,
    'clientId' | 'clientSecret' | 'mgmtClientId' | 'mgmtClientSecret'
  >,
  callbackUrl: string,
): TenantAccess {
  const cb = new URL(callbackUrl);
  return {
    domain,
    origin: `https://${domain}`,
    ...credentials,
    callbackUrl,
    testAppPort: Number(cb.port || (cb.protocol === 'https:' ? 443 : 80)),
    testAppOrigin: cb.origin,
  };
}

/**
 * Parses an environment record; pure, for tests.
 * @param opts.dotenvText the `.env` file's text, to report malformed lines.
 */
export function parseConfig(
  raw: Record<string, string | undefined>,
  opts: { dotenvText?: string } = {},
): HarnessConfig {
  const cleaned = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''),
  );
  const r = schema.safeParse(cleaned);
  const lines: string[] = [];
  if (!r.success) {
    lines.push(...r.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  lines.push(...misspeltKeys(Object.keys(cleaned), KNOWN_KEYS).map((l) => `  - ${l}`));
  if (opts.dotenvText !== undefined) {
    lines.push(...malformedEnvLines(opts.dotenvText).map((l) => `  - .env ${l}`));
  }
  if (!r.success || lines.length > 0) {
    throw new EnvError(
      `Invalid harness configuration (.env):\n${lines.join('\n')}\nSee .env.example.`,
    );
  }
  const e = r.data;
  const testAppPort = e.TEST_APP_PORT ?? 3000;
  const callbackUrl = e.AUTH0_CALLBACK_URL ?? defaultCallbackUrl(testAppPort);
  return {
    target: e.E2E_TARGET,
    connection: e.AUTH0_CONNECTION,
    actionName: e.E2E_ACTION_NAME,
    ...(e.E2E_BROWSER_PATH ? { browserPath: e.E2E_BROWSER_PATH } : {}),
    ...(e.E2E_USER_AGENT ? { userAgent: e.E2E_USER_AGENT } : {}),
    allowedTenants: e.E2E_ALLOWED_TENANTS ?? [],
    emulator: {
      userReads: e.EMULATOR_USER_READS,
      rateLimit: e.EMULATOR_RATE_LIMIT,
      tlsDir: e.EMULATOR_TLS_DIR,
    },
    runId: e.E2E_RUN_ID ?? 'local',
    ...(e.E2E_TICKET_URL_TEMPLATE ? { ticketUrlTemplate: e.E2E_TICKET_URL_TEMPLATE } : {}),
    ...(e.E2E_TICKET_URL_TEMPLATE && e.E2E_TICKET
      ? {
          ticket: {
            id: e.E2E_TICKET,
            url: e.E2E_TICKET_URL_TEMPLATE.replace('%s', encodeURIComponent(e.E2E_TICKET)),
          },
        }
      : {}),
    allureResultsDir: e.ALLURE_RESULTS_DIR,
    ...(e.E2E_SECRET_SINK ? { secretSink: e.E2E_SECRET_SINK } : {}),
    leaseWaitSeconds: e.E2E_LEASE_WAIT_SECONDS,
    ...(e.E2E_TENANT_CONFIG ? { tenantConfig: e.E2E_TENANT_CONFIG } : {}),
    ...(e.E2E_TARGET === 'live'
      ? {
          live: tenantAccess(
            e.AUTH0_DOMAIN as string,
            {
              clientId: e.AUTH0_CLIENT_ID as string,
              clientSecret: e.AUTH0_CLIENT_SECRET as string,
              mgmtClientId: e.AUTH0_MGMT_CLIENT_ID as string,
              mgmtClientSecret: e.AUTH0_MGMT_CLIENT_SECRET as string,
            },
            callbackUrl,
          ),
        }
      : {}),
  };
}

/** The live tenant of a config, or an error that says this command needs one. */
export function liveEnv(config: HarnessConfig, command = 'this command'): HarnessEnv {
  if (!config.live) {
    throw new EnvError(
      `${command} talks to a live tenant, and E2E_TARGET is "${config.target}". On the emulator ` +
        'target the harness starts a fresh embedded tenant for each worker, so there is nothing ' +
        'to check or clean. To rehearse a live run offline, start `EMULATOR_HTTPS=1 npm run tenant` ' +
        'and point the live target at it (README, "Your first live run").',
    );
  }
  return { ...config, ...config.live };
}

/** A config joined to an embedded tenant the harness started. */
export function embeddedEnv(config: HarnessConfig, access: TenantAccess): HarnessEnv {
  return { ...config, ...access };
}

/** Parses a live configuration straight to its env (tests and scripts). */
export function parseEnv(raw: Record<string, string | undefined>): HarnessEnv {
  return liveEnv(parseConfig(raw));
}

let cached: HarnessConfig | undefined;

/** Loads `.env` (quietly) and returns the validated harness configuration. */
export function loadConfig(): HarnessConfig {
  if (!cached) {
    loadDotenv({ quiet: true });
    // Written back so that Playwright's worker processes (which inherit the environment of the
    // process that loaded the config first) share one run id.
    process.env.E2E_RUN_ID ||= Date.now().toString(36);
    cached = parseConfig(process.env, {
      ...(existsSync('.env') ? { dotenvText: readFileSync('.env', 'utf8') } : {}),
    });
  }
  return cached;
}

/** The secret values of this run, for redaction and for the secret scan. */
export function secretValues(env: TenantAccess): string[] {
  return [env.clientSecret, env.mgmtClientSecret].filter((s) => s.length >= 8);
}
