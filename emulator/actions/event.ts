/**
 * @module emulator/actions/event
 * Builds the post-login `event` an Action receives, from plain inputs the flow engine owns.
 * The flow engine decides which user view to pass (the start-of-transaction snapshot, or a fresh
 * read under the documented "fresh read" switch; auth0-behaviour.md §1.4); this module only builds.
 * The result is a deep copy, deep-frozen: nothing the caller or an Action does to it can reach
 * emulator state. (`executeAction` gives each Action its own mutable copy.)
 */
import type { Authenticator, UserRecord } from '../tenant/store.ts';
import type {
  AuthenticationMethod,
  EnrolledFactor,
  PostLoginClient,
  PostLoginConnection,
  PostLoginEvent,
  PostLoginOrganization,
  PostLoginRequest,
  PostLoginSession,
  PostLoginTransaction,
  PostLoginUser,
  TxMetadataValue,
} from './types.ts';

/** `event.user` without the two fields the builder takes separately. */
export type PostLoginUserView = Omit<PostLoginUser, 'enrolledFactors' | 'multifactor'>;

export interface PostLoginEventInput {
  /** The profile view the Action sees (snapshot or fresh: the caller's choice). */
  user: PostLoginUserView;
  /** Confirmed factors; refreshed only when an Action begins (auth0-behaviour.md §1.4 item 2). */
  enrolledFactors?: EnrolledFactor[];
  /** `event.user.multifactor`; omitted when the user has no MFA enrollment. */
  multifactor?: string[];
  /** `event.authentication.methods`, first factor first. */
  methods: AuthenticationMethod[];
  client: PostLoginClient;
  connection: PostLoginConnection;
  transaction: Omit<PostLoginTransaction, 'metadata'>;
  /** `event.transaction.metadata` as left by earlier Actions of this transaction. */
  transactionMetadata?: Record<string, TxMetadataValue>;
  request: PostLoginRequest;
  stats: { logins_count: number };
  tenantId: string;
  /** The Action's secrets; `executeAction` overrides them with its own `secrets` input. */
  secrets?: Record<string, string>;
  session?: PostLoginSession;
  roles?: string[];
  resourceServer?: { identifier: string };
  organization?: PostLoginOrganization;
}

/**
 * Builds a deep-copied, deep-frozen post-login v3 `event`.
 *
 * @param input Plain values from the flow engine; none of them is retained.
 * @example
 * const event = buildPostLoginEvent({ user: userViewFromRecord(u), enrolledFactors: enrolledFactorsOf(u), … });
 */
export function buildPostLoginEvent(input: PostLoginEventInput): PostLoginEvent {
  const user: PostLoginUser = { ...input.user };
  if (input.enrolledFactors) user.enrolledFactors = input.enrolledFactors;
  if (input.multifactor) user.multifactor = input.multifactor;
  const event: PostLoginEvent = {
    user,
    authentication: { methods: input.methods },
    stats: { logins_count: input.stats.logins_count },
    client: input.client,
    connection: input.connection,
    request: input.request,
    transaction: { ...input.transaction, metadata: { ...input.transactionMetadata } },
    tenant: { id: input.tenantId },
    secrets: { ...input.secrets },
    // `event.authorization.roles` is always present on a login (post-login event object).
    authorization: { roles: input.roles ?? [] },
  };
  if (input.session) event.session = input.session;
  if (input.resourceServer) event.resource_server = input.resourceServer;
  if (input.organization) event.organization = input.organization;
  return deepFreeze(structuredClone(event));
}

/**
 * The `event.user` view of a stored user: every profile field Auth0 exposes, none of the
 * emulator's internals (password hash, authenticator secrets, counters).
 */
export function userViewFromRecord(u: UserRecord): PostLoginUserView {
  const view: PostLoginUserView = {
    app_metadata: structuredClone(u.app_metadata),
    user_metadata: structuredClone(u.user_metadata),
    created_at: u.created_at,
    email: u.email,
    email_verified: u.email_verified,
    name: u.name,
    nickname: u.nickname,
    picture: u.picture,
    updated_at: u.updated_at,
    user_id: u.user_id,
    // Database users have one identity whose user_id is the id without the `auth0|` provider prefix.
    identities: [
      {
        connection: u.connection,
        isSocial: false,
        provider: 'auth0',
        user_id: u.user_id.replace(/^auth0\|/, ''),
      },
    ],
  };
  if (u.username !== undefined) view.username = u.username;
  if (u.given_name !== undefined) view.given_name = u.given_name;
  if (u.family_name !== undefined) view.family_name = u.family_name;
  if (u.last_password_reset !== undefined) view.last_password_reset = u.last_password_reset;
  return view;
}

/**
 * `event.user.enrolledFactors` for a user: one `{type}` per confirmed authenticator. The types
 * are the Actions vocabulary (`otp`, `webauthn-platform`), not the authentication-methods API's
 * `totp` (auth0-behaviour.md §3.2, "Type vocabularies differ"). A recovery code is not listed:
 * the v3 type of `enrolledFactors[].type` has no `recovery-code` (auth0-behaviour.md §1.2;
 * unconfirmed on live), so it never counts as an enrolled MFA factor.
 */
export function enrolledFactorsOf(authenticators: readonly Authenticator[]): EnrolledFactor[] {
  return authenticators
    .filter((a) => a.confirmed && a.type !== 'recovery-code')
    .map((a) => ({ type: a.type }));
}

/**
 * `event.user.multifactor` for a user. Auth0 lists MFA "providers"; for Guardian factors (OTP,
 * WebAuthn) the provider name `guardian` is the plausible value (unconfirmed). Undefined when
 * the user has no confirmed factor, as on a fresh profile.
 */
export function multifactorOf(authenticators: readonly Authenticator[]): string[] | undefined {
  return authenticators.some((a) => a.confirmed) ? ['guardian'] : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
