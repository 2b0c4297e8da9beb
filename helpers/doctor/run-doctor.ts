/**
 * @module helpers/doctor/run-doctor
 * `npm run doctor`: is a tenant ready for the harness? `runDoctor` only READS the tenant (GET
 * requests and the token call) through `createManagementClient`, so the live guard applies, and
 * turns each answer into ✓/✗/! lines with what to fix (the pure checks are in helpers/doctor/).
 * A tenant it cannot use at all (credentials refused, unreachable, too slow) is one
 * `TenantAccessError` (helpers/tenant/access-error.ts), not a checklist.
 */
import type { ManagementClient } from 'auth0';
import type { HarnessEnv } from '../config/env.ts';
import { createManagementClient } from '../tenant/management.ts';
import { classifyAccessError } from '../tenant/access-error.ts';
import { listPostLoginBindings } from '../tenant/bindings.ts';
import { listLeases } from '../tenant/lease.ts';
import { exitCodeOf, renderChecklist, type Check } from './check.ts';
import { checkLease, checkLeftoverBindings, liveLease } from './lease-checks.ts';
import { checkScopes, scopesOfToken } from './scopes.ts';
import {
  checkBotDetection,
  checkConnection,
  checkFactors,
  checkPasskeys,
  checkTenantSetting,
  checkTestApplication,
  type ConnectionSettings,
} from './tenant-checks.ts';

export { exitCodeOf, renderChecklist, type Check, type CheckStatus } from './check.ts';
export { checkLease, checkLeftoverBindings } from './lease-checks.ts';
export { checkScopes, REQUIRED_SCOPES, scopesOfToken, type ScopeNeed } from './scopes.ts';
export * from './tenant-checks.ts';

/** A Management API error as a short reason (`403 Insufficient scope…`). */
function reasonOf(err: unknown): string {
  const e = err as { statusCode?: number; body?: { message?: string }; message?: string };
  if (typeof e.statusCode === 'number') {
    return `${e.statusCode} ${e.body?.message ?? e.message ?? ''}`.trim();
  }
  return e.message ?? String(err);
}

const urlOf = (input: Parameters<typeof fetch>[0]) =>
  input instanceof Request ? input.url : input instanceof URL ? input.href : input;

export interface DoctorResult {
  checks: Check[];
  exitCode: 0 | 1;
  text: string;
}

/**
 * Reads the tenant and runs every check. Changes nothing: only the token call and GETs.
 * @param transport what sends the requests (tests pass a spy); the global fetch by default.
 * @throws TenantNotAllowedError before any request for a live tenant that is not allowed.
 * @throws TenantAccessError when the credentials are refused or the tenant cannot be reached.
 */
export async function runDoctor(
  env: HarnessEnv,
  { transport = (input, init) => fetch(input, init) }: { transport?: typeof fetch } = {},
): Promise<DoctorResult> {
  let accessToken: string | undefined;
  // Keeps the client-credentials token the SDK fetches, to read its `scope` claim.
  const recording: typeof fetch = async (input, init) => {
    const res = await transport(input, init);
    if (res.ok && new URL(urlOf(input)).pathname === '/oauth/token') {
      const body = (await res.clone().json()) as { access_token?: unknown };
      if (typeof body.access_token === 'string') accessToken = body.access_token;
    }
    return res;
  };
  const management: ManagementClient = createManagementClient(env, {
    transport: recording,
    maxRetries: 2,
  });
  const checks: Check[] = [];
  const done = (): DoctorResult => ({
    checks,
    exitCode: exitCodeOf(checks),
    text: renderChecklist(env, checks),
  });

  // The first call fetches the token: a bad secret or an unreachable tenant stops here.
  let factors: { name?: string; enabled?: boolean }[] | undefined;
  let factorsError: unknown;
  try {
    factors = await management.guardian.factors.list();
  } catch (err) {
    factorsError = err;
  }
  if (!accessToken) {
    const refused = classifyAccessError(factorsError, env);
    if (refused) throw refused;
    checks.push({
      status: 'fail',
      title: 'M2M credentials',
      detail: `no Management API token for ${env.mgmtClientId}: ${reasonOf(factorsError)}`,
      fix: 'the token call failed for another reason than the credentials (see above): try again; if it persists, check https://status.auth0.com',
    });
    return done();
  }
  const granted = scopesOfToken(accessToken);
  checks.push({
    status: 'pass',
    title: 'M2M credentials',
    detail: `token issued to ${env.mgmtClientId} with ${granted.length} scopes`,
  });
  checks.push(...checkScopes(granted));
  const notReadable = (title: string, err: unknown): Check => ({
    status: 'fail',
    title,
    detail: reasonOf(err),
  });

  if (factors) checks.push(...checkFactors(factors));
  else checks.push(notReadable('Guardian factors', factorsError));

  try {
    checks.push(
      checkTenantSetting(
        await management.tenants.settings.get({
          fields: 'customize_mfa_in_postlogin_action',
          include_fields: true,
        }),
      ),
    );
  } catch (err) {
    checks.push(notReadable('Tenant settings', err));
  }

  if (granted.includes('read:clients') || granted.includes('read:client_keys')) {
    try {
      const client = await management.clients.get(env.clientId, {
        fields: 'client_id,name,app_type,callbacks,allowed_logout_urls,grant_types',
        include_fields: true,
      });
      checks.push(...checkTestApplication(client, env));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        checks.push({
          status: 'fail',
          title: `Test application ${env.clientId}`,
          detail: 'does not exist',
          fix: 'set AUTH0_CLIENT_ID to the client id of the Regular Web Application',
        });
      } else checks.push(...checkTestApplication(undefined, env, reasonOf(err)));
    }
  } else {
    checks.push(...checkTestApplication(undefined, env, 'the M2M application lacks read:clients'));
  }

  if (granted.includes('read:connections')) {
    try {
      const page = await management.connections.list({
        name: env.connection,
        fields: 'id,name,strategy,options',
        include_fields: true,
      });
      const connections = page.data as ConnectionSettings[];
      checks.push(checkConnection(connections, env.connection));
      const found = connections.find((c) => c.name === env.connection);
      if (found) checks.push(checkPasskeys(found, env.connection));
    } catch (err) {
      checks.push(checkConnection(undefined, env.connection, reasonOf(err)));
    }
  } else {
    checks.push(
      checkConnection(
        undefined,
        env.connection,
        'skipped: the M2M application lacks read:connections (passkeys not checked either)',
      ),
    );
  }

  try {
    checks.push(checkBotDetection(await management.attackProtection.botDetection.get()));
  } catch (err) {
    checks.push(checkBotDetection(undefined, reasonOf(err)));
  }

  let leaseHeld = false;
  try {
    const { leases, nowMs } = await listLeases(management);
    leaseHeld = liveLease(leases, nowMs) !== undefined;
    checks.push(checkLease(leases, nowMs));
  } catch (err) {
    checks.push(notReadable('Tenant lease', err));
  }
  try {
    const bindings = await listPostLoginBindings(management);
    checks.push(checkLeftoverBindings(bindings, env.actionName, leaseHeld));
  } catch (err) {
    checks.push(notReadable('Harness bindings on post-login', err));
  }
  return done();
}
