/**
 * @module emulator/actions/types
 * A vendored subset of Auth0's post-login v3 types (`@auth0/actions/post-login/v3`), which the
 * package registry does not serve (auth0-behaviour.md §1.1). Field names, optionality and value
 * sets follow https://github.com/auth0/auth0-actions/blob/main/src/post-login/v3/index.d.ts and
 * https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-event-object
 * (auth0-behaviour.md §1.2). Only what the emulator's flows produce is kept; Enterprise-only and
 * Early-Access fields (refresh_token, session details, risk assessment, …) are left out.
 */

/** Values `api.transaction.setMetadata` accepts (`TxMetadataValue` in the v3 types). */
export type TxMetadataValue = string | number | boolean;

/**
 * `event.user.enrolledFactors[]`. `type` is one of `push-notification`, `phone`, `email`, `otp`,
 * `webauthn-roaming`, `webauthn-platform` (auth0-behaviour.md §1.2).
 */
export interface EnrolledFactor {
  type: string;
  options?: Record<string, unknown>;
}

/** `event.user.identities[]`. */
export interface PostLoginIdentity {
  connection?: string;
  isSocial?: boolean;
  profileData?: Record<string, string>;
  provider?: string;
  user_id?: string;
}

/** `event.user`: the profile snapshot the Action sees (auth0-behaviour.md §1.2, §1.4). */
export interface PostLoginUser {
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  created_at: string;
  email?: string;
  email_verified: boolean;
  family_name?: string;
  given_name?: string;
  /** Absent at user creation; database connections only. */
  last_password_reset?: string;
  name?: string;
  nickname?: string;
  phone_number?: string;
  phone_verified?: boolean;
  picture?: string;
  updated_at: string;
  user_id: string;
  username?: string;
  identities: PostLoginIdentity[];
  /** Refreshed only when an Action begins (auth0-behaviour.md §1.4 item 2). */
  enrolledFactors?: EnrolledFactor[];
  /** "list of MFA providers with which the user is enrolled". */
  multifactor?: string[];
}

/**
 * `event.authentication.methods[]`: a first factor (`pwd`, `federated`, `passkey`, … or a URL
 * recorded by `api.authentication.recordMethod`) or `mfa` with the factor `type`
 * (customize-mfa-enrollments-universal-login, auth0-behaviour.md §1.2).
 */
export type AuthenticationMethod =
  { name: string; timestamp: string } | { name: 'mfa'; timestamp: string; type: string };

export interface PostLoginClient {
  client_id: string;
  name: string;
  metadata: Record<string, string>;
}

export interface PostLoginConnection {
  id: string;
  name: string;
  /** `auth0` for database connections. */
  strategy: string;
  metadata?: Record<string, string>;
}

export interface PostLoginGeoIp {
  cityName?: string;
  continentCode?: string;
  countryCode?: string;
  countryCode3?: string;
  countryName?: string;
  latitude?: number;
  longitude?: number;
  subdivisionCode?: string;
  subdivisionName?: string;
  timeZone?: string;
  [key: string]: unknown;
}

/**
 * `event.request`. A new one is issued whenever the trigger resumes after a redirect or an MFA
 * challenge (https://auth0.com/docs/customize/actions/limitations).
 */
export interface PostLoginRequest {
  ip: string;
  method: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  geoip: PostLoginGeoIp;
  hostname?: string;
  language?: string;
  user_agent?: string;
  asn?: string;
}

export type TransactionProtocol =
  | 'oidc-basic-profile'
  | 'oidc-implicit-profile'
  | 'oidc-hybrid-profile'
  | 'oauth2-refresh-token'
  | 'oauth2-resource-owner'
  | 'oauth2-password'
  | 'oauth2-access-token'
  | 'samlp'
  | 'wsfed'
  | (string & {});

export interface PostLoginTransaction {
  /** Populated for all browser-based logins. */
  id?: string;
  acr_values?: string[];
  locale?: string;
  login_hint?: string;
  prompt?: string[];
  protocol?: TransactionProtocol;
  redirect_uri?: string;
  requested_scopes?: string[];
  response_mode?: 'query' | 'fragment' | 'form_post' | 'web_message';
  response_type?: ('code' | 'token' | 'id_token')[];
  /** The application's own `state` from `/authorize`. */
  state?: string;
  ui_locales?: string[];
  correlation_id?: string;
  /** Shared by every Action of the transaction (https://auth0.com/docs/customize/actions/transaction-metadata). */
  metadata: Record<string, TxMetadataValue>;
}

export interface PostLoginSession {
  id: string;
}

export interface PostLoginOrganization {
  id: string;
  display_name: string;
  name: string;
  metadata: Record<string, string>;
}

/** The `event` argument of `onExecutePostLogin` / `onContinuePostLogin` (post-login v3). */
export interface PostLoginEvent {
  user: PostLoginUser;
  authentication: { methods: AuthenticationMethod[] };
  stats: { logins_count: number };
  client: PostLoginClient;
  connection: PostLoginConnection;
  request: PostLoginRequest;
  transaction?: PostLoginTransaction;
  session?: PostLoginSession;
  tenant: { id: string };
  /** The Action's own secrets, by name. */
  secrets: Record<string, string>;
  authorization?: { roles: string[] };
  resource_server?: { identifier: string };
  organization?: PostLoginOrganization;
}

/** `api.multifactor.enable` providers (post-login API object, auth0-behaviour.md §1.3). */
export const MULTIFACTOR_PROVIDERS = [
  'duo',
  'none',
  'guardian',
  'google-authenticator',
  'any',
] as const;
export type MultifactorProvider = (typeof MULTIFACTOR_PROVIDERS)[number];

export interface DuoProviderOptions {
  host: string;
  ikey: string;
  skey: string;
  username?: string;
}

export interface EnableMultifactorOptions {
  /** Default `false`. */
  allowRememberBrowser?: boolean;
  /** `duo` only. */
  providerOptions?: DuoProviderOptions;
}

/** `challengeWith` / `challengeWithAny` factor types (`FactorSelector`, auth0-behaviour.md §1.3). */
export const CHALLENGE_FACTOR_TYPES = [
  'otp',
  'email',
  'webauthn-platform',
  'webauthn-roaming',
  'recovery-code',
  'phone',
  'push-notification',
] as const;
export type ChallengeFactorType = (typeof CHALLENGE_FACTOR_TYPES)[number];

/** `enrollWith` / `enrollWithAny` factor types (`EnrollmentFactorSelector`, auth0-behaviour.md §1.3). */
export const ENROLL_FACTOR_TYPES = [
  'otp',
  'webauthn-platform',
  'webauthn-roaming',
  'recovery-code',
  'push',
  'push-notification',
  'phone',
] as const;
export type EnrollFactorType = (typeof ENROLL_FACTOR_TYPES)[number];

/**
 * A factor selector as an Action passes it. `phone` takes `options.preferredMethod`
 * (`sms | voice | both`); `push-notification` takes `options.otpFallback`.
 */
export interface FactorSelector<T extends string = ChallengeFactorType | EnrollFactorType> {
  type: T;
  options?: Record<string, unknown>;
}

/** `api.cache.get` result (`CacheRecord`). */
export interface CacheRecord {
  value: string;
  /** Milliseconds since the Unix epoch. */
  expires_at: number;
}

export type CacheWriteResult =
  | { type: 'success'; record: CacheRecord }
  | { type: 'error'; code: 'InvalidExpiry' | 'ItemAlreadyExpired' };

export type CacheDeleteResult =
  { type: 'success' } | { type: 'error'; code: 'CacheKeyDoesNotExist' };

/** `api.redirect.encodeToken` options (`TokenCreationOptions`). */
export interface TokenCreationOptions {
  secret: string;
  payload: Record<string, unknown>;
  /** Default 900 (15 minutes). */
  expiresInSeconds?: number;
}

/** `api.redirect.validateToken` options (`ValidateSessionTokenOptions`). */
export interface ValidateSessionTokenOptions {
  secret: string;
  /** Default `session_token`. */
  tokenParameterName?: string;
}

/**
 * The subset of the v3 `api` object the emulator implements (post-login API object,
 * auth0-behaviour.md §1.3). `samlResponse`, `validation`, `session`, `refreshToken`, `prompt`,
 * `rules` and `groups` are not emulated.
 */
export interface PostLoginApi {
  access: { deny(reason: string): PostLoginApi };
  idToken: { setCustomClaim(key: string, value: unknown): PostLoginApi };
  accessToken: {
    setCustomClaim(key: string, value: unknown): PostLoginApi;
    addScope(scope: string): void;
    removeScope(scope: string): void;
  };
  user: {
    setAppMetadata(key: string, value: unknown): PostLoginApi;
    setUserMetadata(key: string, value: unknown): PostLoginApi;
  };
  multifactor: {
    enable(provider: MultifactorProvider, options?: EnableMultifactorOptions): PostLoginApi;
  };
  authentication: {
    enrollWith(
      factor: FactorSelector<EnrollFactorType>,
      options?: { additionalFactors?: FactorSelector<EnrollFactorType>[] },
    ): void;
    enrollWithAny(factors: FactorSelector<EnrollFactorType>[]): void;
    challengeWith(
      factor: FactorSelector<ChallengeFactorType>,
      options?: { additionalFactors?: FactorSelector<ChallengeFactorType>[] },
    ): void;
    challengeWithAny(factors: FactorSelector<ChallengeFactorType>[]): void;
    recordMethod(providerUrl: string): PostLoginApi;
  };
  redirect: {
    sendUserTo(url: string, options?: { query?: Record<string, string> }): PostLoginApi;
    encodeToken(options: TokenCreationOptions): string;
    validateToken(options: ValidateSessionTokenOptions): unknown;
    canRedirect(): boolean;
  };
  transaction: { setMetadata(key: string, value: TxMetadataValue | null): void };
  cache: {
    get(key: string): CacheRecord | undefined;
    set(
      key: string,
      value: string,
      options?: { ttl?: number; expires_at?: number },
    ): CacheWriteResult;
    delete(key: string): CacheDeleteResult;
  };
}
