/**
 * @module emulator/tenant/clients
 * A tenant's applications (Auth0 "clients"), stored as Auth0 returns them from
 * `GET /api/v2/clients/{id}`: the properties the emulator acts on are typed fields (the OIDC
 * layer honours them: emulator/oidc/clients.ts), every other property Auth0's schema accepts is
 * kept as given in `other` and returned unchanged. The secret never leaves through a read
 * without `read:client_keys`, and never through an export.
 *
 * Defaults of a new application (https://auth0.com/docs/applications/reference/grant-types-auth0-mapping):
 * a public application (`token_endpoint_auth_method: none`, SPA and native) gets the grants
 * `implicit`, `authorization_code`, `refresh_token`; a confidential one also
 * `client_credentials`. That the Management API applies the Dashboard's defaults is
 * unconfirmed on live.
 */
import { random } from './ids.ts';

/** ClientAppTypeEnum (auth0@7.1.0 types.d.ts). */
export const CLIENT_APP_TYPES = [
  'native',
  'spa',
  'regular_web',
  'non_interactive',
  'resource_server',
  'express_configuration',
  'rms',
  'box',
  'cloudbees',
  'concur',
  'dropbox',
  'mscrm',
  'echosign',
  'egnyte',
  'newrelic',
  'office365',
  'salesforce',
  'sentry',
  'sharepoint',
  'slack',
  'springcm',
  'zendesk',
  'zoom',
  'sso_integration',
  'oag',
] as const;
export type ClientAppType = (typeof CLIENT_APP_TYPES)[number];

/** ClientTokenEndpointAuthMethodEnum: `none` is a public client (no secret at the token endpoint). */
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'none',
  'client_secret_post',
  'client_secret_basic',
] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

export interface JwtConfiguration {
  alg: 'HS256' | 'RS256' | 'RS512' | 'PS256';
  /** ID token lifetime ("ID Token Expiration", default 36000 s). */
  lifetime_in_seconds: number;
  secret_encoded?: boolean;
  [key: string]: unknown;
}

/** ClientRefreshTokenConfiguration. */
export interface RefreshTokenConfiguration {
  rotation_type: 'rotating' | 'non-rotating';
  expiration_type: 'expiring' | 'non-expiring';
  leeway?: number;
  token_lifetime?: number;
  infinite_token_lifetime?: boolean;
  idle_token_lifetime?: number;
  infinite_idle_token_lifetime?: boolean;
  policies?: { audience: string; scope: string[] }[] | null;
}

export interface ClientRecord {
  client_id: string;
  /** Never serialised without `read:client_keys`; never in logs, exports or reports. */
  client_secret: string;
  name: string;
  /** Absent on an application created without one (Auth0's "Generic" type). */
  app_type?: ClientAppType;
  callbacks: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  allowed_origins: string[];
  grant_types: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  jwt_configuration: JwtConfiguration;
  refresh_token: RefreshTokenConfiguration | null;
  is_first_party: boolean;
  oidc_conformant: boolean;
  /** Every other property accepted by Auth0's schema, kept as given (validated by the API). */
  other: Record<string, unknown>;
  /** Management API scopes granted through a client grant (M2M only). */
  mgmtScopes: string[];
  created_at: string;
  updated_at: string;
}

/** What a new application gets when the request does not say (see the module comment). */
export const CLIENT_DEFAULTS = {
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36_000, secret_encoded: false },
  /** The refresh-token settings Auth0 returns for a new application (unconfirmed on live). */
  refresh_token: {
    expiration_type: 'non-expiring',
    leeway: 0,
    infinite_token_lifetime: true,
    infinite_idle_token_lifetime: true,
    token_lifetime: 31_557_600,
    idle_token_lifetime: 2_592_000,
    rotation_type: 'non-rotating',
  },
  other: {
    sso_disabled: false,
    cross_origin_authentication: false,
    custom_login_page_on: true,
    is_token_endpoint_ip_header_trusted: false,
  },
} as const satisfies {
  jwt_configuration: JwtConfiguration;
  refresh_token: RefreshTokenConfiguration;
  other: Record<string, unknown>;
};

/**
 * Rotating, expiring refresh tokens: what Auth0 recommends for a SPA and what
 * `@auth0/auth0-spa-js` with `useRefreshTokens` expects
 * (https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation, its lifetimes).
 */
export const SPA_REFRESH_ROTATION = {
  rotation_type: 'rotating',
  expiration_type: 'expiring',
  leeway: 0,
  token_lifetime: 2_592_000,
  infinite_token_lifetime: false,
  idle_token_lifetime: 1_296_000,
  infinite_idle_token_lifetime: false,
} as const satisfies RefreshTokenConfiguration;

/** Typed fields of `ClientRecord` a request may set; everything else goes to `other`. */
const TYPED = new Set([
  'name',
  'app_type',
  'callbacks',
  'allowed_logout_urls',
  'web_origins',
  'allowed_origins',
  'grant_types',
  'token_endpoint_auth_method',
  'jwt_configuration',
  'refresh_token',
  'is_first_party',
  'oidc_conformant',
  'client_secret',
]);

/** 32 alphanumerics, the shape of Auth0 client ids. */
export function newClientId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...random.bytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** 64 characters of base64url, the shape of Auth0 client secrets. */
export const newClientSecret = (): string => random.bytes(48).toString('base64url');

const isPublic = (method: TokenEndpointAuthMethod) => method === 'none';

/** The default grant types of an application with this authentication method. */
export function defaultGrantTypes(method: TokenEndpointAuthMethod): string[] {
  const grants = ['implicit', 'authorization_code', 'refresh_token'];
  return isPublic(method) ? grants : [...grants, 'client_credentials'];
}

/**
 * A new application from a validated `POST /clients` body (`CreateClientRequestContent`).
 * SPA and native applications are public unless the body says otherwise (Dashboard behaviour;
 * unconfirmed on live for the Management API).
 */
export function newClientRecord(body: Record<string, unknown>, now = new Date()): ClientRecord {
  const appType = body.app_type as ClientAppType | undefined;
  const method =
    (body.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined) ??
    (appType === 'spa' || appType === 'native' ? 'none' : 'client_secret_post');
  const stamp = now.toISOString();
  const record: ClientRecord = {
    client_id: newClientId(),
    client_secret: newClientSecret(),
    name: body.name as string,
    ...(appType ? { app_type: appType } : {}),
    callbacks: [],
    allowed_logout_urls: [],
    web_origins: [],
    allowed_origins: [],
    grant_types: defaultGrantTypes(method),
    token_endpoint_auth_method: method,
    jwt_configuration: { ...CLIENT_DEFAULTS.jwt_configuration },
    refresh_token: { ...CLIENT_DEFAULTS.refresh_token },
    is_first_party: true,
    oidc_conformant: true,
    other: { ...CLIENT_DEFAULTS.other },
    mgmtScopes: [],
    created_at: stamp,
    updated_at: stamp,
  };
  applyClientChanges(record, body, now);
  return record;
}

/**
 * Applies a validated `PATCH /clients/{id}` body: each property given replaces the stored one
 * (`client_metadata` and `jwt_configuration` merge key by key, as Auth0 documents for metadata;
 * `null` removes a nullable property).
 */
export function applyClientChanges(
  record: ClientRecord,
  body: Record<string, unknown>,
  now = new Date(),
): void {
  for (const [key, value] of Object.entries(body)) {
    if (!TYPED.has(key)) {
      if (value === null) delete record.other[key];
      else if (key === 'client_metadata')
        record.other[key] = mergeMetadata(record.other[key], value as Record<string, unknown>);
      else record.other[key] = structuredClone(value);
      continue;
    }
    setTyped(record, key, value);
  }
  record.updated_at = now.toISOString();
}

/** Metadata merges; a key set to `null` (or `''`) is removed (unconfirmed on live for `''`). */
function mergeMetadata(current: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...((current as Record<string, unknown> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

function setTyped(record: ClientRecord, key: string, value: unknown): void {
  switch (key) {
    case 'name':
      record.name = value as string;
      return;
    case 'app_type':
      record.app_type = value as ClientAppType;
      return;
    case 'client_secret':
      record.client_secret = value as string;
      return;
    case 'token_endpoint_auth_method':
      // `null` in a PATCH: back to Auth0's default for a confidential application.
      record.token_endpoint_auth_method =
        (value as TokenEndpointAuthMethod | null) ?? 'client_secret_post';
      return;
    case 'jwt_configuration':
      record.jwt_configuration = {
        ...record.jwt_configuration,
        ...(value as Partial<JwtConfiguration>),
      };
      return;
    case 'refresh_token':
      record.refresh_token =
        value === null ? null : structuredClone(value as RefreshTokenConfiguration);
      return;
    case 'is_first_party':
    case 'oidc_conformant':
      record[key] = value as boolean;
      return;
    case 'callbacks':
    case 'allowed_logout_urls':
    case 'web_origins':
    case 'allowed_origins':
    case 'grant_types':
      record[key] = [...(value as string[])];
      return;
  }
}
