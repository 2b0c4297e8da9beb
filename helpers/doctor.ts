/**
 * @module helpers/doctor
 * `npm run doctor`: is a tenant ready for the harness? Pure check functions (one per
 * requirement, each turning what the Management API returned into a ✓/✗/! line with what to
 * fix) and `runDoctor`, which only READS the tenant (GET requests and the token call) through
 * `createManagementClient`, so the live guard applies.
 */
import type { ManagementClient } from 'auth0';
import { decodeJwt } from 'jose';
import type { HarnessEnv } from './env.ts';
import { createManagementClient } from './management.ts';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface Check {
  status: CheckStatus;
  title: string;
  /** What was found. */
  detail?: string;
  /** What to do about it (fail and warn only). */
  fix?: string;
}

export interface ScopeNeed {
  /** Any one of these scopes will do (e.g. `update:users` also covers app_metadata). */
  anyOf: readonly string[];
  usedBy: string;
  /** Optional scopes only widen what the doctor can check. */
  optional?: boolean;
}

/**
 * The Management API scopes the harness uses, derived from its calls:
 * fixtures/deployment.ts, fixtures/test-user.ts, fixtures/evidence.ts, the doctor and the sweep.
 */
export const REQUIRED_SCOPES: readonly ScopeNeed[] = [
  {
    anyOf: ['read:guardian_factors'],
    usedBy: 'deployment: guardian.factors.list; doctor',
  },
  {
    anyOf: ['update:guardian_factors'],
    usedBy: 'deployment: guardian.factors.set (enable for the run, restore after)',
  },
  { anyOf: ['read:tenant_settings'], usedBy: 'deployment: tenants.settings.get; doctor' },
  {
    anyOf: ['update:tenant_settings'],
    usedBy: 'deployment: tenants.settings.update (customize_mfa_in_postlogin_action)',
  },
  {
    anyOf: ['read:actions'],
    usedBy: 'deployment: actions.list/get, bindings.list; evidence: bindings.list',
  },
  { anyOf: ['create:actions'], usedBy: 'deployment: actions.create, actions.deploy' },
  { anyOf: ['update:actions'], usedBy: 'deployment: actions.update, bindings.updateMany' },
  {
    anyOf: ['read:users'],
    usedBy: 'test user and evidence: users-by-email; sweep: users.list',
  },
  {
    anyOf: ['read:authentication_methods'],
    usedBy: 'evidence: authenticationMethods.list (the user before each login)',
  },
  {
    anyOf: ['update:users_app_metadata', 'update:users'],
    usedBy: 'test user: users.update (app_metadata.e2e_harness marker)',
  },
  { anyOf: ['delete:users'], usedBy: 'test user cleanup; sweep' },
  {
    anyOf: ['delete:authentication_methods'],
    usedBy: 'test user cleanup; sweep: authenticationMethods.deleteAll',
  },
  { anyOf: ['read:logs', 'read:logs_users'], usedBy: 'evidence: logs.list' },
  {
    anyOf: ['read:attack_protection'],
    usedBy: 'doctor: attackProtection.botDetection.get',
  },
  { anyOf: ['read:clients'], usedBy: 'doctor: callback URL check', optional: true },
  { anyOf: ['read:connections'], usedBy: 'doctor: connection check', optional: true },
];

export const REQUIRED_FACTORS = ['otp', 'webauthn-platform'] as const;

const M2M_FIX =
  'Dashboard › Applications › APIs › Auth0 Management API › Machine To Machine Applications › your M2M app › grant';

/** The `scope` claim of a Management API access token, split on spaces. */
export function scopesOfToken(accessToken: string): string[] {
  const { scope } = decodeJwt(accessToken);
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** Required scopes missing from `granted` (✗), then optional ones (!). */
export function checkScopes(
  granted: readonly string[],
  needs: readonly ScopeNeed[] = REQUIRED_SCOPES,
): Check[] {
  const has = (n: ScopeNeed) => n.anyOf.some((s) => granted.includes(s));
  const missing = needs.filter((n) => !n.optional && !has(n));
  const missingOptional = needs.filter((n) => n.optional && !has(n));
  const label = (n: ScopeNeed) => `${n.anyOf.join(' or ')} (${n.usedBy})`;
  const checks: Check[] = [
    missing.length === 0
      ? {
          status: 'pass',
          title: 'M2M application scopes',
          detail: `all ${needs.filter((n) => !n.optional).length} required scopes granted`,
        }
      : {
          status: 'fail',
          title: 'M2M application scopes',
          detail: `missing: ${missing.map(label).join('; ')}`,
          fix: `${M2M_FIX} ${missing.map((n) => n.anyOf[0]).join(' ')}`,
        },
  ];
  if (missingOptional.length > 0) {
    checks.push({
      status: 'warn',
      title: 'M2M application optional scopes',
      detail: `not granted: ${missingOptional.map(label).join('; ')}`,
      fix: `${M2M_FIX} ${missingOptional.map((n) => n.anyOf[0]).join(' ')} so that the doctor can check more`,
    });
  }
  return checks;
}

/** One check per factor the harness needs (`GET /api/v2/guardian/factors`). */
export function checkFactors(factors: readonly { name?: string; enabled?: boolean }[]): Check[] {
  return REQUIRED_FACTORS.map((name) => {
    const enabled = factors.find((f) => f.name === name)?.enabled === true;
    const label = name === 'otp' ? 'One-time Password' : 'WebAuthn with FIDO Device Biometrics';
    return enabled
      ? { status: 'pass', title: `Guardian factor ${name}`, detail: 'enabled' }
      : {
          status: 'fail',
          title: `Guardian factor ${name}`,
          detail: 'disabled',
          fix: `Dashboard › Security › Multi-factor Auth › enable "${label}" (or PUT /api/v2/guardian/factors/${name} {"enabled":true})`,
        };
  });
}

/** `customize_mfa_in_postlogin_action` ("Customize MFA Factors using Actions"). */
export function checkTenantSetting(settings: {
  customize_mfa_in_postlogin_action?: unknown;
}): Check {
  const title = 'Tenant setting customize_mfa_in_postlogin_action';
  return settings.customize_mfa_in_postlogin_action === true
    ? { status: 'pass', title, detail: 'on' }
    : {
        status: 'fail',
        title,
        detail: 'off: api.authentication.enrollWith() is refused',
        fix: 'Dashboard › Security › Multi-factor Auth › "Customize MFA Factors using Actions" on (or PATCH /api/v2/tenants/settings {"customize_mfa_in_postlogin_action":true})',
      };
}

/** Matches an Auth0 allowed URL, where `*` may stand for a subdomain label. */
function urlAllowed(allowed: readonly string[], url: string): boolean {
  const strip = (u: string) => u.replace(/\/$/, '');
  return allowed.some((a) => {
    if (!a.includes('*')) return strip(a) === strip(url);
    const re = new RegExp(
      `^${strip(a)
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^./]+')}$`,
    );
    return re.test(strip(url));
  });
}

/**
 * The test application (`GET /api/v2/clients/{id}`): a Regular Web Application whose allowed
 * callback URLs hold the harness's callback and whose logout URLs hold the test app's origin.
 * `client` undefined: not checked (`reason` says why).
 */
export function checkTestApplication(
  client:
    | {
        name?: string;
        app_type?: string;
        callbacks?: string[];
        allowed_logout_urls?: string[];
        grant_types?: string[];
      }
    | undefined,
  env: Pick<HarnessEnv, 'callbackUrl' | 'testAppOrigin' | 'clientId'>,
  reason = 'not checked',
): Check[] {
  const title = `Test application ${env.clientId}`;
  if (!client) {
    return [
      {
        status: 'warn',
        title,
        detail: `could not be checked: ${reason}`,
        fix: `make sure its Allowed Callback URLs contain ${env.callbackUrl} and its Allowed Logout URLs ${env.testAppOrigin}/`,
      },
    ];
  }
  const checks: Check[] = [];
  const settings = `Dashboard › Applications › ${client.name ?? env.clientId} › Settings`;
  checks.push(
    urlAllowed(client.callbacks ?? [], env.callbackUrl)
      ? { status: 'pass', title: 'Callback URL allowed', detail: env.callbackUrl }
      : {
          status: 'fail',
          title: 'Callback URL allowed',
          detail: `${env.callbackUrl} is not among ${JSON.stringify(client.callbacks ?? [])}`,
          fix: `${settings} › Allowed Callback URLs: add ${env.callbackUrl}`,
        },
  );
  const logout = `${env.testAppOrigin}/`;
  checks.push(
    urlAllowed(client.allowed_logout_urls ?? [], logout)
      ? { status: 'pass', title: 'Logout URL allowed', detail: logout }
      : {
          status: 'fail',
          title: 'Logout URL allowed',
          detail: `${logout} is not among ${JSON.stringify(client.allowed_logout_urls ?? [])}`,
          fix: `${settings} › Allowed Logout URLs: add ${logout}`,
        },
  );
  const regular = client.app_type === 'regular_web';
  const code = (client.grant_types ?? []).includes('authorization_code');
  checks.push(
    regular && code
      ? { status: 'pass', title: 'Application type', detail: 'Regular Web Application, code grant' }
      : {
          status: 'fail',
          title: 'Application type',
          detail: `app_type ${client.app_type ?? '?'}, grants ${JSON.stringify(client.grant_types ?? [])}`,
          fix: 'use a Regular Web Application with the Authorization Code grant',
        },
  );
  return checks;
}

/** The database connection (`GET /api/v2/connections?name=`); undefined: not checked. */
export function checkConnection(
  connections: readonly { name?: string; strategy?: string }[] | undefined,
  name: string,
  reason = 'not checked',
): Check {
  const title = `Connection ${name}`;
  if (!connections) {
    return { status: 'warn', title, detail: `could not be checked: ${reason}` };
  }
  const found = connections.find((c) => c.name === name);
  if (!found) {
    return {
      status: 'fail',
      title,
      detail: 'does not exist',
      fix: `Dashboard › Authentication › Database: create "${name}" and enable it for the test application, or set AUTH0_CONNECTION`,
    };
  }
  return found.strategy === 'auth0'
    ? { status: 'pass', title, detail: 'database connection exists' }
    : {
        status: 'fail',
        title,
        detail: `strategy ${found.strategy ?? '?'}, not a database (auth0) connection`,
        fix: 'the journey signs users up with email and password: use a database connection',
      };
}

export interface BotDetectionSettings {
  challenge_password_policy?: string;
  challenge_passwordless_policy?: string;
  challenge_password_reset_policy?: string;
  allowlist?: string[];
  monitoring_mode_enabled?: boolean;
}

/**
 * Bot Detection's effect on automation (auth0-behaviour.md §5.1). The journey uses the
 * password flows: `always` with no allow-list puts a CAPTCHA on every login (✗); `when_risky`
 * may challenge a CI runner's IP (!); an allow-list is fine if it holds the runners' egress IPs.
 */
export function checkBotDetection(settings: BotDetectionSettings | undefined, reason = ''): Check {
  const title = 'Bot Detection';
  const advice =
    'allow-list your CI runners\' egress IPs (Dashboard › Security › Attack Protection › Bot Detection › IP AllowList, or PATCH /api/v2/attack-protection/bot-detection {"allowlist":[…]}), or set the password policy to Never on this test tenant';
  if (!settings) {
    return {
      status: 'warn',
      title,
      detail: `could not be checked: ${reason}`,
      fix: `if Bot Detection challenges, ${advice}`,
    };
  }
  const policy = settings.challenge_password_policy ?? 'never';
  const allowlist = settings.allowlist ?? [];
  if (settings.monitoring_mode_enabled === true || policy === 'never') {
    return {
      status: 'pass',
      title,
      detail:
        settings.monitoring_mode_enabled === true
          ? 'monitoring mode: no challenge'
          : 'password flows never challenged',
    };
  }
  if (allowlist.length > 0) {
    return {
      status: 'pass',
      title,
      detail: `password policy "${policy}", allow-list ${allowlist.join(', ')}: the journey passes only from those addresses`,
    };
  }
  return policy === 'always'
    ? {
        status: 'fail',
        title,
        detail:
          'password policy "always" and no allow-list: every login shows a CAPTCHA the harness cannot solve',
        fix: advice,
      }
    : {
        status: 'warn',
        title,
        detail: `password policy "${policy}" and no allow-list: a CI runner's IP may be rated risky and get a CAPTCHA`,
        fix: advice,
      };
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!' };

/** Exit code of the doctor: 1 when any check failed. */
export function exitCodeOf(checks: readonly Check[]): 0 | 1 {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

/** The checklist as text. */
export function renderChecklist(
  env: Pick<HarnessEnv, 'domain' | 'target'>,
  checks: readonly Check[],
): string {
  const lines = [`Harness readiness of ${env.domain} (${env.target}):`, ''];
  for (const c of checks) {
    lines.push(`  ${MARK[c.status]} ${c.title}${c.detail ? `: ${c.detail}` : ''}`);
    if (c.fix && c.status !== 'pass') lines.push(`      fix: ${c.fix}`);
  }
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  lines.push(
    '',
    exitCodeOf(checks) === 0
      ? `READY: ${count('pass')} ✓, ${count('warn')} ! (warnings do not block).`
      : `NOT READY: ${count('fail')} ✗ to fix, ${count('warn')} !, ${count('pass')} ✓.`,
  );
  return lines.join('\n');
}

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

  // The first call fetches the token: a bad secret or a missing client grant stops here.
  let factors: { name?: string; enabled?: boolean }[] | undefined;
  let factorsError: unknown;
  try {
    factors = await management.guardian.factors.list();
  } catch (err) {
    factorsError = err;
  }
  if (!accessToken) {
    checks.push({
      status: 'fail',
      title: 'M2M credentials',
      detail: `no Management API token for ${env.mgmtClientId}: ${reasonOf(factorsError)}`,
      fix: 'check AUTH0_MGMT_CLIENT_ID / AUTH0_MGMT_CLIENT_SECRET and that the application is authorised for the Auth0 Management API (Dashboard › Applications › APIs › Auth0 Management API › Machine To Machine Applications)',
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
  const notReadable = (scope: string, err: unknown) => ({
    status: 'fail' as const,
    title: `Read ${scope}`,
    detail: reasonOf(err),
  });

  if (factors) checks.push(...checkFactors(factors));
  else checks.push({ ...notReadable('guardian factors', factorsError), title: 'Guardian factors' });

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
    checks.push({ ...notReadable('tenant settings', err), title: 'Tenant settings' });
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
        fields: 'id,name,strategy',
        include_fields: true,
      });
      checks.push(checkConnection(page.data, env.connection));
    } catch (err) {
      checks.push(checkConnection(undefined, env.connection, reasonOf(err)));
    }
  } else {
    checks.push(
      checkConnection(
        undefined,
        env.connection,
        'skipped: the M2M application lacks read:connections',
      ),
    );
  }

  try {
    checks.push(checkBotDetection(await management.attackProtection.botDetection.get()));
  } catch (err) {
    checks.push(checkBotDetection(undefined, reasonOf(err)));
  }
  return done();
}
