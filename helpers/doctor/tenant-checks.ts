/**
 * @module helpers/doctor/run-doctor/tenant-checks
 * Pure checks of what the Management API says about the tenant: Guardian factors, the tenant
 * setting, the test application, the database connection, Bot Detection. Each turns a response
 * into ✓/✗/! lines with what to fix.
 */
import type { HarnessEnv } from '../config/env.ts';
import type { Check } from './check.ts';

import { FACTOR_LABELS, REQUIRED_FACTORS } from '../tenant/requirements.ts';

export { REQUIRED_FACTORS } from '../tenant/requirements.ts';

/**
 * One check per factor the harness needs (`GET /api/v2/guardian/factors`), then the Recovery
 * Code factor: with it on, Universal Login shows the recovery code after the first enrollment
 * (`/u/mfa-recovery-code-enrollment`). The walker gets through it (it ticks "saved" and
 * continues, never keeping the code), so it is a warning: one more screen in login 1, and a
 * recovery code left on each test user (live-fidelity audit R1).
 */
export function checkFactors(factors: readonly { name?: string; enabled?: boolean }[]): Check[] {
  const isOn = (name: string) => factors.find((f) => f.name === name)?.enabled === true;
  const recovery: Check = isOn('recovery-code')
    ? {
        status: 'warn',
        title: 'Guardian factor recovery-code',
        detail:
          'enabled: Universal Login shows the recovery code (/u/mfa-recovery-code-enrollment) after the OTP enrollment of login 1; the walker confirms it and goes on (one more screen, the code never kept)',
        fix: 'to keep login 1 as short as a real user\'s without it: Dashboard › Security › Multi-factor Auth › turn "Recovery Code" off on this test tenant (or PUT /api/v2/guardian/factors/recovery-code {"enabled":false})',
      }
    : { status: 'pass', title: 'Guardian factor recovery-code', detail: 'disabled' };
  return [...REQUIRED_FACTORS.map((name) => factorCheck(name, isOn(name))), recovery];
}

function factorCheck(name: string, enabled: boolean): Check {
  const label = FACTOR_LABELS[name] ?? name;
  return enabled
    ? { status: 'pass', title: `Guardian factor ${name}`, detail: `enabled ("${label}")` }
    : {
        status: 'fail',
        title: `Guardian factor ${name}`,
        detail: `disabled ("${label}")`,
        fix: `Dashboard › Security › Multi-factor Auth › enable "${label}" (or PUT /api/v2/guardian/factors/${name} {"enabled":true})`,
      };
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

export interface ConnectionSettings {
  name?: string;
  strategy?: string;
  options?: { authentication_methods?: { passkey?: { enabled?: boolean } } };
}

/**
 * Passkeys on the database connection (`options.authentication_methods.passkey.enabled`): a
 * first-factor feature whose enrollment offer (`/u/passkey-enrollment`, progressive enrollment
 * "checked by default" once passkeys are on) the walker declines with "Continue without
 * passkeys", as a user may: a warning, one more screen per login (live-fidelity audit R1).
 * https://auth0.com/docs/authenticate/database-connections/passkeys/configure-passkey-policy
 */
export function checkPasskeys(connection: ConnectionSettings | undefined, name: string): Check {
  const title = `Passkeys on ${name}`;
  if (!connection) return { status: 'warn', title, detail: 'could not be checked' };
  return connection.options?.authentication_methods?.passkey?.enabled === true
    ? {
        status: 'warn',
        title,
        detail:
          'enabled: Universal Login offers passkey enrollment (/u/passkey-enrollment) after the password; the walker declines it ("Continue without passkeys") and goes on (one more screen)',
        fix: `to keep the logins as short as without it: Dashboard › Authentication › Database › ${name} › Authentication Methods › Passkey: off on this test tenant`,
      }
    : { status: 'pass', title, detail: 'off' };
}

/** The database connection (`GET /api/v2/connections?name=`); undefined: not checked. */
export function checkConnection(
  connections: readonly ConnectionSettings[] | undefined,
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
