/**
 * @module helpers/tenant/requirements
 * What a tenant must offer the harness, declared once: the Guardian factors and the tenant
 * setting the journey depends on, and the Management API scopes its calls need. The deployment
 * (helpers/tenant/prepare.ts) switches the factors and the setting on for a run, `npm run
 * doctor` checks them and the scopes, and `tests/requirements.test.ts` keeps the README's scope
 * table and the embedded tenant's M2M grant in step with this list.
 */

/**
 * The factors the journey enrolls: `otp` first, because device biometrics "cannot be the only
 * factor enabled" and "the user must have another MFA enrollment activated before using device
 * biometrics" (auth0-behaviour.md §2.1), then `webauthn-platform`.
 */
export const REQUIRED_FACTORS = ['otp', 'webauthn-platform'] as const;

/** Dashboard names of the factors (https://auth0.com/docs/secure/multi-factor-authentication). */
export const FACTOR_LABELS: Record<string, string> = {
  otp: 'One-time Password',
  'webauthn-platform': 'WebAuthn with Device Biometrics',
  'recovery-code': 'Recovery Code',
};

/**
 * "Customize MFA Factors using Actions": `enrollWith`/`challengeWith` need it ("Your customized
 * flows will not work properly if this setting is not enabled", auth0-behaviour.md §1.3).
 */
export const REQUIRED_SETTING = {
  name: 'customize_mfa_in_postlogin_action',
  label: 'Customize MFA Factors using Actions',
} as const;

export interface ScopeNeed {
  /** Any one of these scopes will do (e.g. `update:users` also covers app_metadata). */
  anyOf: readonly string[];
  usedBy: string;
  /** Optional scopes only widen what the doctor can check. */
  optional?: boolean;
}

/**
 * The Management API scopes the harness uses, derived from its calls: the deployment and the
 * tenant lease (helpers/tenant/), the test user, the evidence, the doctor and the sweep.
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
