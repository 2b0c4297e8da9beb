/**
 * @module emulator/management/client-schema
 * The bodies of `POST /api/v2/clients` and `PATCH /api/v2/clients/{id}` as Auth0's schema
 * describes them (auth0@7.1.0 `CreateClientRequestContent` / `UpdateClientRequestContent`,
 * requests.d.ts and the nested types of types.d.ts; limits from their doc comments, e.g. "min
 * length: 1 character, does not allow `<` or `>`", "max length: 140 characters", client metadata
 * "Maximum of 10 metadata properties", values "max 255 chars"). A nested type whose SDK type has
 * an index signature (`[key: string]: any`, e.g. `ClientJwtConfiguration`) allows additional
 * properties in Auth0's schema; the others refuse them.
 *
 * Objects whose inner schema the embedded tenant does not model (add-ons, express and
 * organization configurations, credentials, token vault, …) are refused unless empty, with a
 * message that says so, naming the property: an embedded tenant that silently kept them would pass a
 * configuration Auth0 might refuse (auth0-behaviour.md §3.4: never more lenient).
 */
import { CLIENT_APP_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from '../tenant/clients.ts';
import { badRequest } from '../http/errors.ts';
import type { FieldSpec, ObjectSpec } from './validate.ts';

const str: FieldSpec = { type: 'string' };
const bool: FieldSpec = { type: 'boolean' };
const strings: FieldSpec = { type: 'array', items: str };
const url: FieldSpec = { type: 'string', maxLength: 2048 };
const urls: FieldSpec = { type: 'array', items: url };
const nullable = (spec: FieldSpec): FieldSpec => ({ ...spec, nullable: true });

/** SigningAlgorithmEnum. */
export const SIGNING_ALGORITHMS = ['HS256', 'RS256', 'RS512', 'PS256'] as const;

/** ClientJwtConfiguration (additional properties allowed). */
const JWT_CONFIGURATION: FieldSpec = {
  type: 'object',
  additionalProperties: true,
  properties: {
    lifetime_in_seconds: { type: 'integer', minimum: 0 },
    secret_encoded: bool,
    scopes: { type: 'object' },
    alg: { type: 'string', enum: SIGNING_ALGORITHMS },
  },
};

/** ClientRefreshTokenConfiguration (rotation and expiration required). */
const REFRESH_TOKEN: FieldSpec = {
  type: 'object',
  nullable: true,
  required: ['rotation_type', 'expiration_type'],
  properties: {
    rotation_type: { type: 'string', enum: ['rotating', 'non-rotating'] },
    expiration_type: { type: 'string', enum: ['expiring', 'non-expiring'] },
    leeway: { type: 'integer', minimum: 0 },
    token_lifetime: { type: 'integer', minimum: 1 },
    infinite_token_lifetime: bool,
    idle_token_lifetime: { type: 'integer', minimum: 1 },
    infinite_idle_token_lifetime: bool,
    policies: {
      type: 'array',
      nullable: true,
      items: {
        type: 'object',
        required: ['audience', 'scope'],
        properties: { audience: str, scope: strings },
      },
    },
  },
};

const enabledFlag = (nullableInPatch: boolean): FieldSpec => ({
  type: 'object',
  nullable: nullableInPatch,
  properties: { enabled: bool },
});

/** NativeSocialLogin / NativeSocialLoginPatch (each provider nullable in a PATCH). */
const nativeSocialLogin = (patch: boolean): FieldSpec => ({
  type: 'object',
  nullable: patch,
  properties: {
    apple: enabledFlag(patch),
    facebook: enabledFlag(patch),
    google: enabledFlag(patch),
  },
});

/** ClientOidcBackchannelLogoutSettings (additional properties allowed). */
const OIDC_LOGOUT: FieldSpec = {
  type: 'object',
  additionalProperties: true,
  properties: {
    backchannel_logout_urls: urls,
    backchannel_logout_initiators: {
      type: 'object',
      additionalProperties: true,
      properties: {
        mode: { type: 'string', enum: ['custom', 'all'] },
        selected_initiators: strings,
      },
    },
    backchannel_logout_session_metadata: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      properties: { include: bool },
    },
  },
};

/** ClientMobile (additional properties allowed). */
const MOBILE: FieldSpec = {
  type: 'object',
  additionalProperties: true,
  properties: {
    android: {
      type: 'object',
      additionalProperties: true,
      properties: { app_package_name: str, sha256_cert_fingerprints: strings },
    },
    ios: {
      type: 'object',
      additionalProperties: true,
      properties: { team_id: str, app_bundle_identifier: str },
    },
  },
};

/** ClientMetadata: "string values (max 255 chars)", "Maximum of 10 metadata properties". */
const CLIENT_METADATA: FieldSpec = {
  type: 'object',
  maxProperties: 10,
  values: { type: 'string', maxLength: 255 },
};

/**
 * In a PATCH a key set to `null` removes it (the Deploy CLI relies on it: "map to the APIv2
 * protocol of setting `null` values for deleted fields", auth0-deploy-cli calculateChanges.js).
 */
const CLIENT_METADATA_PATCH: FieldSpec = {
  ...CLIENT_METADATA,
  values: { type: 'string', maxLength: 255, nullable: true },
};

/** ClientEncryptionKey (additional properties allowed). */
const ENCRYPTION_KEY: FieldSpec = {
  type: 'object',
  nullable: true,
  additionalProperties: true,
  properties: { pub: str, cert: str, subject: str },
};

/** ClientDefaultOrganization. */
const DEFAULT_ORGANIZATION: FieldSpec = {
  type: 'object',
  nullable: true,
  required: ['organization_id', 'flows'],
  properties: {
    organization_id: str,
    flows: { type: 'array', items: { type: 'string', enum: ['client_credentials'] } },
  },
};

/** ClientSessionTransferConfiguration. */
const SESSION_TRANSFER: FieldSpec = {
  type: 'object',
  nullable: true,
  properties: {
    can_create_session_transfer_token: bool,
    enforce_cascade_revocation: bool,
    allowed_authentication_methods: {
      type: 'array',
      nullable: true,
      items: { type: 'string', enum: ['cookie', 'query'] },
    },
    enforce_device_binding: { type: 'string', enum: ['ip', 'asn', 'none'] },
    allow_refresh_token: bool,
    enforce_online_refresh_tokens: bool,
    delegation: { type: 'object', nullable: true },
  },
};

/**
 * Properties Auth0 accepts whose inner schema the embedded tenant does not model: refused by
 * name (see the module comment) when present, whatever their value.
 */
export const UNMODELLED_CLIENT_PROPERTIES = [
  'addons',
  'client_authentication_methods',
  'signed_request_object',
  'token_vault_privileged_access',
  'token_exchange',
  'token_quota',
  'express_configuration',
  'b2b_integration_configuration',
  'my_organization_configuration',
  'identity_assertion_authorization_grant',
  'anonymous_sessions',
  'async_approval_notification_channels',
  'fedcm_login',
] as const;

/** The properties common to create and update. */
function commonProperties(patch: boolean): Record<string, FieldSpec> {
  const unmodelled = Object.fromEntries(
    UNMODELLED_CLIENT_PROPERTIES.map((name) => [name, { type: 'object', nullable: true }]),
  ) as Record<string, FieldSpec>;
  return {
    name: { type: 'string', minLength: 1, pattern: /^[^<>]*$/ },
    description: { type: 'string', maxLength: 140 },
    logo_uri: url,
    callbacks: urls,
    oidc_logout: OIDC_LOGOUT,
    oidc_backchannel_logout: OIDC_LOGOUT,
    session_transfer: SESSION_TRANSFER,
    allowed_origins: urls,
    web_origins: urls,
    client_aliases: strings,
    allowed_clients: strings,
    allowed_logout_urls: urls,
    grant_types: strings,
    token_endpoint_auth_method: {
      type: 'string',
      enum: TOKEN_ENDPOINT_AUTH_METHODS,
      nullable: patch,
    },
    is_token_endpoint_ip_header_trusted: bool,
    app_type: { type: 'string', enum: CLIENT_APP_TYPES },
    is_first_party: bool,
    oidc_conformant: bool,
    jwt_configuration: JWT_CONFIGURATION,
    encryption_key: ENCRYPTION_KEY,
    sso: bool,
    cross_origin_authentication: bool,
    cross_origin_loc: patch ? nullable(url) : url,
    sso_disabled: bool,
    custom_login_page_on: bool,
    custom_login_page: str,
    custom_login_page_preview: str,
    form_template: str,
    client_metadata: patch ? CLIENT_METADATA_PATCH : CLIENT_METADATA,
    mobile: MOBILE,
    initiate_login_uri: { type: 'string', pattern: /^https:\/\// },
    native_social_login: nativeSocialLogin(patch),
    refresh_token: REFRESH_TOKEN,
    default_organization: DEFAULT_ORGANIZATION,
    organization_usage: {
      type: 'string',
      enum: ['deny', 'allow', 'require'],
      nullable: patch,
    },
    organization_require_behavior: {
      type: 'string',
      enum: ['no_prompt', 'pre_login_prompt', 'post_login_prompt'],
      nullable: patch,
    },
    organization_discovery_methods: {
      type: 'array',
      nullable: patch,
      items: { type: 'string', enum: ['email', 'organization_name'] },
    },
    require_pushed_authorization_requests: bool,
    require_proof_of_possession: bool,
    compliance_level: {
      type: 'string',
      nullable: true,
      enum: [
        'none',
        'fapi1_adv_pkj_par',
        'fapi1_adv_mtls_par',
        'fapi2_sp_pkj_mtls',
        'fapi2_sp_mtls_mtls',
      ],
    },
    skip_non_verifiable_callback_uri_confirmation_prompt: patch ? nullable(bool) : bool,
    par_request_expiry: { type: 'integer', nullable: true, minimum: 5, maximum: 600 },
    third_party_security_mode: { type: 'string', enum: ['strict', 'permissive'] },
    redirection_policy: { type: 'string', enum: ['allow_always', 'open_redirect_protection'] },
    ...unmodelled,
  };
}

/** `CreateClientRequestContent`: `name` required. */
export const CREATE_CLIENT: ObjectSpec = {
  required: ['name'],
  properties: {
    ...commonProperties(false),
    resource_server_identifier: str,
  },
};

/** `UpdateClientRequestContent`: adds `client_secret` (rotation), every property optional. */
export const UPDATE_CLIENT: ObjectSpec = {
  properties: {
    ...commonProperties(true),
    client_secret: { type: 'string', minLength: 1 },
  },
};

/**
 * Refuses a body that carries a property the embedded tenant does not model (module comment).
 * Runs after the schema check, so the message is about a body Auth0's schema would accept.
 * @throws ManagementApiError 400 `invalid_body`.
 */
export function refuseUnmodelled(body: Record<string, unknown>): void {
  for (const name of UNMODELLED_CLIENT_PROPERTIES) {
    const value = body[name];
    // An empty object (or null) configures nothing and is kept as given.
    if (value !== undefined && value !== null && Object.keys(value).length > 0) {
      throw badRequest(
        `Payload validation error: 'Not supported by the embedded tenant (Auth0 accepts it; its inner schema is not modelled here)' on property ${name}.`,
      );
    }
  }
}
