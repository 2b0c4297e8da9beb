/**
 * @module emulator/config
 * The emulator's configuration: one schema, documented defaults, read from the same
 * variables the harness reads so that one `.env` configures both (see `.env.example`).
 * Only `fromEnv()` touches an environment record; the rest of the emulator gets a typed value.
 */
import { z } from 'zod';

/** Default credentials of the seeded tenant. Development-only values, never a real tenant's. */
export const DEV_DEFAULTS = {
  appClientId: 'bioE2eTestApplication00000000001',
  appClientSecret: 'emulator-dev-app-secret-0000000000000000000000000000000000000001',
  mgmtClientId: 'bioE2eManagementM2M0000000000001',
  mgmtClientSecret: 'emulator-dev-m2m-secret-0000000000000000000000000000000000000001',
  connection: 'Username-Password-Authentication',
  spaClientId: 'bioE2eSinglePageApplication00001',
} as const;

/** The Management API scopes the seeded M2M application is granted (Auth0 Dashboard › APIs). */
export const MGMT_SCOPES = [
  'read:users',
  'create:users',
  'update:users',
  'delete:users',
  'read:users_app_metadata',
  'update:users_app_metadata',
  'read:authentication_methods',
  'delete:authentication_methods',
  'delete:guardian_enrollments',
  'read:guardian_factors',
  'update:guardian_factors',
  'update:mfa_policies',
  'read:mfa_policies',
  'read:actions',
  'create:actions',
  'update:actions',
  'delete:actions',
  'read:logs',
  'read:logs_users',
  'read:tenant_settings',
  'update:tenant_settings',
  'read:attack_protection',
  'update:attack_protection',
  'read:prompts',
  'update:prompts',
  'read:clients',
  'read:connections',
  // What Auth0's Deploy CLI needs to import clients and databases (docs: "Create and Configure
  // the Deploy CLI Application"): the embedded tenant takes `a0deploy import` with these.
  'create:clients',
  'update:clients',
  'delete:clients',
  'create:connections',
  // Also the passkey settings of the database connection (PATCH /connections/{id}: options).
  'update:connections',
] as const;

const positivePort = z.coerce.number().int().min(1).max(65535);
/** 0 asks the system for a free port (the harness starts one tenant per worker this way). */
const listenPort = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  /** Port the emulator listens on; it is always served as `localhost` (WebAuthn needs a domain). */
  EMULATOR_PORT: listenPort.default(4010),
  /** `snapshot` (Auth0's documented behaviour) or `fresh` (the hypothetical "fixed" platform). */
  EMULATOR_USER_READS: z.enum(['snapshot', 'fresh']).default('snapshot'),
  /** Management API rate-limit profile: `default` (generous) or `free` (Auth0 Free: 2 burst, 2/s). */
  EMULATOR_RATE_LIMIT: z.enum(['default', 'free']).default('default'),
  /**
   * `1`/`true`: serve `https://localhost:PORT` with the certificate of `EMULATOR_TLS_DIR`
   * (generated on the first HTTPS start), so that clients reach the tenant exactly as they
   * reach Auth0 (`https://{domain}`). `0`/`false` (default): `http://localhost:PORT`.
   */
  EMULATOR_HTTPS: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Where the HTTPS certificate and key live (default `.tmp/tenant-tls`). */
  EMULATOR_TLS_DIR: z.string().min(1).default('.tmp/tenant-tls'),
  TEST_APP_PORT: positivePort.default(3000),
  AUTH0_CLIENT_ID: z.string().min(1).default(DEV_DEFAULTS.appClientId),
  AUTH0_CLIENT_SECRET: z.string().min(1).default(DEV_DEFAULTS.appClientSecret),
  AUTH0_CALLBACK_URL: z.url().optional(),
  AUTH0_MGMT_CLIENT_ID: z.string().min(1).default(DEV_DEFAULTS.mgmtClientId),
  AUTH0_MGMT_CLIENT_SECRET: z.string().min(1).default(DEV_DEFAULTS.mgmtClientSecret),
  AUTH0_CONNECTION: z.string().min(1).default(DEV_DEFAULTS.connection),
  /**
   * A team's own single-page application, seeded as a public client (README "Test your own app
   * against the embedded tenant"): its origins, comma-separated (`http://localhost:5173`).
   */
  EMULATOR_SPA_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const origins = (v ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      for (const o of origins) {
        if (!isOrigin(o)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${o}" is not an origin (scheme, host and port only, e.g. http://localhost:5173)`,
          });
        }
      }
      return origins;
    }),
  EMULATOR_SPA_CLIENT_ID: z.string().min(1).default(DEV_DEFAULTS.spaClientId),
});

/** `https://host[:port]` or `http://host[:port]`, nothing after it. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export interface EmulatorConfig {
  /** Port to listen on (0 = any free port; `origin` is then fixed up by `listen()`). */
  port: number;
  /** `snapshot` or `fresh`: how `event.user` and the end-of-flow MFA evaluation read the user. */
  userReads: 'snapshot' | 'fresh';
  rateLimit: 'default' | 'free';
  /** Serve HTTPS with the certificate in `tlsDir` (see `emulator/tls.ts`). */
  https: boolean;
  tlsDir: string;
  /** The test application (Regular Web Application). */
  app: { clientId: string; clientSecret: string; callbackUrls: string[]; logoutUrls: string[] };
  /** A team's own single-page application, when `EMULATOR_SPA_ORIGINS` names its origins. */
  spa?: { clientId: string; origins: string[] };
  /** The M2M application authorised for the Management API. */
  mgmt: { clientId: string; clientSecret: string; scopes: string[] };
  /** The database connection users sign up to. */
  connection: string;
  /** Tenant name used in logs (`tenant_name`). */
  tenantName: string;
  /**
   * Test seam: the post-login Action time limit in ms, instead of Auth0's 20 s
   * (https://auth0.com/docs/customize/actions/limitations). Not read from the environment.
   */
  actionTimeoutMs?: number;
}

/** Thrown for configuration that cannot be used; names every offending key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment record (normally `process.env`) into an `EmulatorConfig`. */
export function fromEnv(env: Record<string, string | undefined>): EmulatorConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid emulator configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const callback = e.AUTH0_CALLBACK_URL ?? `http://localhost:${e.TEST_APP_PORT}/callback`;
  return {
    port: e.EMULATOR_PORT,
    userReads: e.EMULATOR_USER_READS,
    rateLimit: e.EMULATOR_RATE_LIMIT,
    https: e.EMULATOR_HTTPS,
    tlsDir: e.EMULATOR_TLS_DIR,
    app: {
      clientId: e.AUTH0_CLIENT_ID,
      clientSecret: e.AUTH0_CLIENT_SECRET,
      callbackUrls: [callback],
      logoutUrls: [new URL(callback).origin, `${new URL(callback).origin}/`],
    },
    mgmt: {
      clientId: e.AUTH0_MGMT_CLIENT_ID,
      clientSecret: e.AUTH0_MGMT_CLIENT_SECRET,
      scopes: [...MGMT_SCOPES],
    },
    ...(e.EMULATOR_SPA_ORIGINS.length > 0
      ? { spa: { clientId: e.EMULATOR_SPA_CLIENT_ID, origins: e.EMULATOR_SPA_ORIGINS } }
      : {}),
    connection: e.AUTH0_CONNECTION,
    tenantName: 'emulator',
  };
}
