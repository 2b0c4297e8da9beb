/**
 * @module emulator/tenant/store
 * The in-memory state of one emulated Auth0 tenant: users and their enrolled factors, clients,
 * connection, Guardian factors, Actions and their bindings, tenant settings and logs.
 * Every module of the emulator reads and writes tenant state through a `Tenant`.
 */
import type { EmulatorConfig } from '../config.ts';
import {
  CLIENT_DEFAULTS,
  newClientSecret,
  SPA_REFRESH_ROTATION,
  type ClientRecord,
} from './clients.ts';
import { newConnectionId } from './ids.ts';
import { TenantLogs } from './logs.ts';
import { TenantRuntime } from './runtime.ts';

export type { ClientRecord } from './clients.ts';

/** Guardian factor names, as `PUT /api/v2/guardian/factors/{name}` accepts them. */
export const FACTOR_NAMES = [
  'sms',
  'push-notification',
  'email',
  'duo',
  'otp',
  'webauthn-roaming',
  'webauthn-platform',
  'recovery-code',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

export interface OtpAuthenticator {
  type: 'otp';
  /** `totp|dev_…` */
  id: string;
  /** Base32 secret. Never leaves the emulator except on the enrollment screen. */
  secret: string;
  confirmed: boolean;
  created_at: string;
  last_auth_at?: string;
  /** RFC 6238 time steps already accepted, so a code cannot be used twice. */
  usedSteps: number[];
}

export interface WebAuthnPlatformAuthenticator {
  type: 'webauthn-platform';
  /** `webauthn-platform|dev_…` (id format unconfirmed, see auth0-behaviour.md §3.2). */
  id: string;
  /** base64url credential id. */
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  /** Signature counter last seen (WebAuthn §6.1.1). */
  counter: number;
  transports: string[];
  /** Display name Auth0 shows for the key (derived from the user agent). */
  name: string;
  confirmed: boolean;
  created_at: string;
  last_auth_at?: string;
}

/**
 * The user's MFA recovery code (Guardian factor `recovery-code`), issued with their first MFA
 * enrollment while the factor is enabled (emulator/flow/recovery-code.ts). Only a hash is kept.
 */
export interface RecoveryCodeAuthenticator {
  type: 'recovery-code';
  /** `recovery-code|dev_…` */
  id: string;
  /** `sha256$<salt b64>$<hash b64>` of the normalised code (factors/recovery-code.ts). */
  hash: string;
  confirmed: boolean;
  created_at: string;
  last_auth_at?: string;
}

export type Authenticator =
  OtpAuthenticator | WebAuthnPlatformAuthenticator | RecoveryCodeAuthenticator;

export interface UserRecord {
  user_id: string;
  email: string;
  email_verified: boolean;
  username?: string;
  name: string;
  nickname: string;
  picture: string;
  given_name?: string;
  family_name?: string;
  connection: string;
  /** scrypt hash `scrypt$<salt b64>$<hash b64>`; never serialised. */
  password_hash: string;
  created_at: string;
  updated_at: string;
  last_login?: string;
  last_ip?: string;
  last_password_reset?: string;
  logins_count: number;
  blocked: boolean;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  authenticators: Authenticator[];
}

export interface ConnectionRecord {
  id: string;
  name: string;
  strategy: 'auth0';
  /** The connection's options as Auth0 returns them (database connections: connections.ts). */
  options: Record<string, unknown>;
  /** Applications the connection is enabled for (`/connections/{id}/clients`). */
  enabled_clients: string[];
  is_domain_connection: boolean;
  realms: string[];
  /** Every other property (`display_name`, `metadata`, `authentication`, …), as given. */
  other: Record<string, unknown>;
}

/** The options of a new database connection (as the emulator has always served them). */
export const DATABASE_OPTIONS_DEFAULT = {
  mfa: { active: true, return_enroll_settings: true },
  passwordPolicy: 'good',
  brute_force_protection: true,
  strategy_version: 2,
} as const;

/** What a live tenant returns beside a database connection's options (Deploy CLI recordings). */
export const DATABASE_CONNECTION_DEFAULT = {
  authentication: { active: true },
  connected_accounts: { active: false },
} as const;

export type ActionBuildStatus =
  'pending' | 'building' | 'packaged' | 'built' | 'retrying' | 'failed';

export interface ActionSecret {
  name: string;
  value: string;
  updated_at: string;
}

export interface ActionVersionRecord {
  id: string;
  action_id: string;
  number: number;
  code: string;
  runtime: string;
  dependencies: { name: string; version: string }[];
  secrets: ActionSecret[];
  deployed: boolean;
  status: ActionBuildStatus;
  created_at: string;
  updated_at: string;
  built_at?: string;
}

export interface ActionRecord {
  id: string;
  name: string;
  supported_triggers: { id: string; version: string }[];
  code: string;
  runtime: string;
  dependencies: { name: string; version: string }[];
  secrets: ActionSecret[];
  status: ActionBuildStatus;
  created_at: string;
  updated_at: string;
  built_at?: string;
  /** Id of the version currently deployed, if any. */
  deployed_version_id?: string;
  all_changes_deployed: boolean;
  versions: ActionVersionRecord[];
}

export interface BindingRecord {
  id: string;
  trigger_id: 'post-login';
  action_id: string;
  display_name: string;
  created_at: string;
  updated_at: string;
}

export interface TenantSettings {
  friendly_name: string;
  /** "Customize MFA Factors using Actions" (auth0-behaviour.md §1.3). */
  customize_mfa_in_postlogin_action: boolean;
  [key: string]: unknown;
}

/** One emulated tenant. Construct with `Tenant.seed(config)`. */
export class Tenant {
  readonly users = new Map<string, UserRecord>();
  readonly clients = new Map<string, ClientRecord>();
  readonly actions = new Map<string, ActionRecord>();
  /** Database connections besides `connection` (created through the Management API). */
  readonly otherConnections = new Map<string, ConnectionRecord>();
  bindings: BindingRecord[] = [];
  readonly factors = new Map<FactorName, { enabled: boolean }>();
  guardianPolicies: string[] = [];
  settings: TenantSettings;
  botDetection: Record<string, unknown> = {
    bot_detection_level: 'medium',
    challenge_password_policy: 'never',
    challenge_passwordless_policy: 'never',
    challenge_password_reset_policy: 'never',
    allowlist: [],
    monitoring_mode_enabled: false,
  };
  promptSettings: Record<string, unknown> = {
    universal_login_experience: 'new',
    identifier_first: false,
    webauthn_platform_first_factor: false,
  };
  readonly logs: TenantLogs;
  /** Login transactions, remembered browsers, attack-protection counters, caches (runtime.ts). */
  readonly runtime = new TenantRuntime();

  private constructor(
    readonly config: EmulatorConfig,
    readonly connection: ConnectionRecord,
  ) {
    this.logs = new TenantLogs(config.tenantName);
    this.settings = { friendly_name: config.tenantName, customize_mfa_in_postlogin_action: true };
  }

  /**
   * A tenant seeded like a new Auth0 tenant plus the harness's applications: the test
   * application, the M2M application, one database connection, factors `otp` and
   * `webauthn-platform` enabled, and no Action bound.
   */
  static seed(config: EmulatorConfig): Tenant {
    const t = new Tenant(config, {
      id: newConnectionId(),
      name: config.connection,
      strategy: 'auth0',
      options: structuredClone(DATABASE_OPTIONS_DEFAULT),
      // The test application signs up and logs in through it (the M2M application does not).
      enabled_clients: [config.app.clientId, ...(config.spa ? [config.spa.clientId] : [])],
      is_domain_connection: false,
      realms: [config.connection],
      other: structuredClone(DATABASE_CONNECTION_DEFAULT),
    });
    const created = new Date().toISOString();
    // A function: each application gets its own objects (PATCH changes them in place).
    const seeded = () => ({
      web_origins: [],
      allowed_origins: [],
      jwt_configuration: { ...CLIENT_DEFAULTS.jwt_configuration },
      refresh_token: { ...CLIENT_DEFAULTS.refresh_token },
      is_first_party: true,
      oidc_conformant: true,
      other: { ...CLIENT_DEFAULTS.other },
      token_endpoint_auth_method: 'client_secret_post' as const,
      created_at: created,
      updated_at: created,
    });
    t.clients.set(config.app.clientId, {
      ...seeded(),
      client_id: config.app.clientId,
      client_secret: config.app.clientSecret,
      name: 'Biometric E2E Test App',
      app_type: 'regular_web',
      callbacks: config.app.callbackUrls,
      allowed_logout_urls: config.app.logoutUrls,
      grant_types: ['authorization_code', 'refresh_token'],
      mgmtScopes: [],
    });
    t.clients.set(config.mgmt.clientId, {
      ...seeded(),
      client_id: config.mgmt.clientId,
      client_secret: config.mgmt.clientSecret,
      name: 'Biometric E2E Management (M2M)',
      app_type: 'non_interactive',
      callbacks: [],
      allowed_logout_urls: [],
      grant_types: ['client_credentials'],
      mgmtScopes: config.mgmt.scopes,
    });
    if (config.spa) {
      // A team's own SPA (EMULATOR_SPA_ORIGINS), registered as the Dashboard registers a
      // "Single Page Application" with its origins in Allowed Callback URLs, Allowed Logout
      // URLs, Allowed Web Origins and Allowed Origins (CORS)
      // (https://auth0.com/docs/quickstart/spa/vanillajs#configure-auth0). Refresh-token
      // rotation on, as Auth0 recommends for SPAs
      // (https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation); that a
      // new SPA has it on by default is unconfirmed on live.
      const { clientId, origins } = config.spa;
      const urls = origins.flatMap((o) => [o, `${o}/`]);
      t.clients.set(clientId, {
        ...seeded(),
        client_id: clientId,
        client_secret: newClientSecret(),
        name: 'Single Page Application (EMULATOR_SPA_ORIGINS)',
        app_type: 'spa',
        token_endpoint_auth_method: 'none',
        callbacks: urls,
        allowed_logout_urls: urls,
        web_origins: [...origins],
        allowed_origins: [...origins],
        grant_types: ['authorization_code', 'implicit', 'refresh_token'],
        refresh_token: { ...SPA_REFRESH_ROTATION },
        mgmtScopes: [],
      });
    }
    for (const name of FACTOR_NAMES) {
      t.factors.set(name, { enabled: name === 'otp' || name === 'webauthn-platform' });
    }
    return t;
  }

  /** Users are looked up by email case-insensitively; Auth0 stores emails lower-case. */
  findUserByEmail(email: string, connection = this.connection.name): UserRecord | undefined {
    const wanted = email.toLowerCase();
    for (const u of this.users.values()) {
      if (u.email === wanted && u.connection === connection) return u;
    }
    return undefined;
  }

  /** Every connection, the one users sign up to first. */
  allConnections(): ConnectionRecord[] {
    return [this.connection, ...this.otherConnections.values()];
  }

  findConnection(id: string): ConnectionRecord | undefined {
    return id === this.connection.id ? this.connection : this.otherConnections.get(id);
  }

  isFactorEnabled(name: FactorName): boolean {
    return this.factors.get(name)?.enabled === true;
  }

  /** Actions bound to post-login, in execution order, with their deployed version. */
  boundPostLoginActions(): {
    binding: BindingRecord;
    action: ActionRecord;
    version: ActionVersionRecord;
  }[] {
    const out = [];
    for (const binding of this.bindings) {
      const action = this.actions.get(binding.action_id);
      const version = action?.versions.find((v) => v.id === action.deployed_version_id);
      if (action && version) out.push({ binding, action, version });
    }
    return out;
  }
}
