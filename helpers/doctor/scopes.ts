/**
 * @module helpers/doctor/scopes
 * The Management API scopes the harness needs, taken from its calls, and the check of a
 * token's `scope` claim against them.
 */
import { decodeJwt } from 'jose';
import type { Check } from './check.ts';

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
    usedBy:
      'deployment and tenant lease: actions.list/get, bindings.list; evidence: bindings.list; doctor',
  },
  {
    anyOf: ['create:actions'],
    usedBy: 'deployment: actions.create, actions.deploy; tenant lease: actions.create',
  },
  {
    anyOf: ['update:actions'],
    usedBy:
      'deployment: actions.update, bindings.updateMany; tenant lease: renewal and restore plan',
  },
  {
    anyOf: ['delete:actions'],
    usedBy: 'tenant lease: release, and take-over of an expired lease (actions.delete)',
  },
  {
    anyOf: ['read:users'],
    usedBy:
      'evidence: users.get; test user: users-by-email when its id is unknown; sweep: users.list',
  },
  {
    anyOf: ['read:authentication_methods'],
    usedBy: 'evidence: authenticationMethods.list (the user before each login)',
  },
  {
    anyOf: ['update:users_app_metadata', 'update:users'],
    usedBy: 'test user: users.update (app_metadata.e2e_harness marker)',
  },
  { anyOf: ['delete:users'], usedBy: 'test user cleanup (users.delete); sweep' },
  {
    anyOf: ['delete:authentication_methods'],
    usedBy: 'sweep: authenticationMethods.deleteAll',
  },
  { anyOf: ['read:logs', 'read:logs_users'], usedBy: 'evidence: logs.list (q=user_id:…)' },
  {
    anyOf: ['read:attack_protection'],
    usedBy: 'doctor: attackProtection.botDetection.get',
  },
  { anyOf: ['read:clients'], usedBy: 'doctor: callback URL check', optional: true },
  {
    anyOf: ['read:connections'],
    usedBy: 'doctor: connection and passkey check',
    optional: true,
  },
];

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
