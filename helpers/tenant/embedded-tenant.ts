/**
 * @module helpers/tenant/embedded-tenant
 * Starts an embedded Auth0 tenant (`emulator/main.ts`) as a separate program, the way a user
 * runs `EMULATOR_HTTPS=1 npm run tenant`: over HTTPS on a free `localhost` port, seeded through
 * its environment with credentials made up for this tenant alone, and the test application's
 * callback. The harness then reaches it exactly as it reaches a live tenant — over HTTPS,
 * through the `auth0` SDK, Chromium and openid-client — and never imports its code.
 *
 * The tenant must prove it serves what was asked: its `/healthz` reports its read mode,
 * rate-limit profile, issuer and callback application, and a mismatch is refused (a `fresh`
 * run against a `snapshot` tenant would prove nothing). It is started with an IPC channel, so
 * it stops when the process that started it goes, even when that process is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TenantAccess } from '../config/env.ts';
import { tenantAccess } from '../config/env.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * How long a tenant may take to serve: about 2 s on an idle two-core machine (tsx compiles the
 * emulator, the signing keys are generated), but a loaded CI runner has been measured above
 * 30 s. Waiting longer costs nothing when it is quick; giving up early fails a run for nothing.
 */
export const START_TIMEOUT_MS = 90_000;

/** What the harness asks of an embedded tenant. */
export interface EmbeddedTenantRequest {
  userReads: 'snapshot' | 'fresh';
  rateLimit: 'default' | 'free';
  connection: string;
  /** The test application's callback, an Allowed Callback URL of the new tenant. */
  callbackUrl: string;
}

/** What the tenant says it serves (`GET /healthz`). */
export interface TenantHealth {
  status: string;
  tenant: string;
  issuer: string;
  user_reads: 'snapshot' | 'fresh';
  rate_limit: 'default' | 'free';
  signing_keys: string[];
  app_client_id: string;
}

export interface EmbeddedTenant {
  access: TenantAccess;
  /** The tenant's own report, checked against the request. */
  health: TenantHealth;
  stop(): Promise<void>;
}

export class EmbeddedTenantError extends Error {
  override name = 'EmbeddedTenantError';
}

const credential = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Starts a tenant and waits until it serves and has proven what it serves. */
export async function startEmbeddedTenant(request: EmbeddedTenantRequest): Promise<EmbeddedTenant> {
  const credentials = {
    clientId: `e2eApp${credential(18)}`,
    clientSecret: credential(48),
    mgmtClientId: `e2eM2M${credential(18)}`,
    mgmtClientSecret: credential(48),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      EMULATOR_PORT: '0',
      EMULATOR_HTTPS: '1',
      EMULATOR_USER_READS: request.userReads,
      EMULATOR_RATE_LIMIT: request.rateLimit,
      AUTH0_CONNECTION: request.connection,
      AUTH0_CALLBACK_URL: request.callbackUrl,
      AUTH0_CLIENT_ID: credentials.clientId,
      AUTH0_CLIENT_SECRET: credentials.clientSecret,
      AUTH0_MGMT_CLIENT_ID: credentials.mgmtClientId,
      AUTH0_MGMT_CLIENT_SECRET: credentials.mgmtClientSecret,
    },
  });
  const stop = () => stopChild(child);
  try {
    const origin = await listeningOrigin(child);
    const access = tenantAccess(new URL(origin).host, credentials, request.callbackUrl);
    const health = await readHealth(access.origin);
    const mismatch = healthMismatches(request, access, health);
    if (mismatch.length > 0) {
      throw new EmbeddedTenantError(
        `the tenant at ${access.origin} is not the one this run started: it ${mismatch.join('; ')}`,
      );
    }
    return { access, health, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** How a tenant's own report differs from what was asked of it (empty: it is the one). */
export function healthMismatches(
  request: EmbeddedTenantRequest,
  access: TenantAccess,
  health: TenantHealth,
): string[] {
  const out: string[] = [];
  if (health.user_reads !== request.userReads)
    out.push(`reads the user "${health.user_reads}", not "${request.userReads}"`);
  if (health.rate_limit !== request.rateLimit)
    out.push(`has the rate-limit profile "${health.rate_limit}", not "${request.rateLimit}"`);
  if (health.issuer !== `${access.origin}/`)
    out.push(`has the issuer ${health.issuer}, not ${access.origin}/`);
  if (health.app_client_id !== access.clientId) out.push('serves another test application');
  return out;
}

function listeningOrigin(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    const timer = setTimeout(
      () => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(
        new EmbeddedTenantError(
          `the embedded tenant (emulator/main.ts) ${why}${errText.trim() ? `:\n${errText.trim()}` : ''}`,
        ),
      );
    };
    // Both pipes are drained for the tenant's whole life (a full pipe would block it); only
    // the last few kilobytes are kept, for the error message of a tenant that fails to start.
    child.stdout?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4096);
      const m = /listening on (https:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        out = '';
        resolve(m[1] as string);
      }
    });
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (errText = (errText + chunk.toString()).slice(-4096)),
    );
    child.once('exit', (code) => fail(`exited with code ${String(code)} before serving`));
    child.once('error', (err) => fail(`could not be started: ${err.message}`));
  });
}

async function readHealth(origin: string): Promise<TenantHealth> {
  let res: Response;
  try {
    res = await fetch(`${origin}/healthz`);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
    throw new EmbeddedTenantError(
      `the embedded tenant at ${origin} could not be reached over HTTPS (${cause}). Its certificate ` +
        'must be trusted through NODE_EXTRA_CA_CERTS before this process starts (playwright.config.ts ' +
        'sets it for the test workers).',
    );
  }
  if (!res.ok) throw new EmbeddedTenantError(`${origin}/healthz answered ${res.status}`);
  return (await res.json()) as TenantHealth;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
