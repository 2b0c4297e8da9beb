/**
 * @module emulator/tenant/users
 * User domain operations shared by the Management API and Universal Login sign-up: creation
 * with Auth0's validation rules, the public user JSON, and root-level metadata merging.
 */
import { createHash } from 'node:crypto';
import { ManagementApiError } from '../http/errors.ts';
import { hashPassword } from './passwords.ts';
import { newUserId } from './ids.ts';
import type { Authenticator, Tenant, UserRecord } from './store.ts';

/** Why `createUser` refused; lets Universal Login map the failure to its own screen errors. */
export type UserErrorReason =
  'invalid_email' | 'password_policy' | 'user_exists' | 'unknown_connection' | 'invalid_body';

/** A user operation refused with Auth0's Management API status, errorCode and message. */
export class UserError extends ManagementApiError {
  override name = 'UserError';
  constructor(
    readonly reason: UserErrorReason,
    statusCode: number,
    errorCode: string,
    message: string,
  ) {
    super(statusCode, errorCode, message);
  }
}

/** The rule of Auth0's password policy a password breaks. */
export type PasswordRule = 'min_length' | 'character_classes';

/**
 * Auth0's default database-connection policy "Good": at least 8 characters and at least 3 of
 * lower case, upper case, numbers, special characters.
 * https://auth0.com/docs/authenticate/database-connections/password-strength
 * @returns the first failing rule, or undefined when the password is acceptable.
 */
export function checkPasswordPolicy(password: string): PasswordRule | undefined {
  if ([...password].length < 8) return 'min_length';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password));
  if (classes.length < 3) return 'character_classes';
  return undefined;
}

// JSON-schema `email` format as Auth0's payload validator applies it: local@domain.tld, no spaces.
const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

export interface CreateUserInput {
  email: string;
  password: string;
  connection: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  given_name?: string;
  family_name?: string;
  blocked?: boolean;
  /** Without the `auth0|` prefix, as Auth0's create-user body takes it. */
  user_id?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

/** Auth0's default avatar: Gravatar with the cdn.auth0.com initials fallback. */
export function defaultPicture(email: string): string {
  const md5 = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  const initials = email.slice(0, 2).toLowerCase();
  const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${initials}.png`);
  return `https://s.gravatar.com/avatar/${md5}?s=480&r=pg&d=${fallback}`;
}

/**
 * Validates every rule first, then stores the user (never a half-written user).
 * Emails are stored lower-case (https://auth0.com/docs/manage-users/user-accounts/user-profiles/normalized-user-profiles).
 * @throws UserError 400 unknown connection / invalid email / password policy, 409 duplicate.
 */
export async function createUser(tenant: Tenant, input: CreateUserInput): Promise<UserRecord> {
  if (input.connection !== tenant.connection.name) {
    throw new UserError(
      'unknown_connection',
      400,
      'inexistent_connection',
      'The connection does not exist.',
    );
  }
  if (!isValidEmail(input.email)) {
    throw new UserError(
      'invalid_email',
      400,
      'invalid_body',
      `Payload validation error: 'Object didn't pass validation for format email: ${input.email}' on property email (The user's email).`,
    );
  }
  if (checkPasswordPolicy(input.password)) {
    throw new UserError(
      'password_policy',
      400,
      'invalid_password',
      'PasswordStrengthError: Password is too weak',
    );
  }
  const email = input.email.toLowerCase();
  const userId = input.user_id !== undefined ? `auth0|${input.user_id}` : newUserId();
  if (tenant.findUserByEmail(email, input.connection) || tenant.users.has(userId)) {
    throw new UserError('user_exists', 409, 'auth0_idp_error', 'The user already exists.');
  }
  const passwordHash = await hashPassword(input.password);
  // Re-check after the await: a concurrent create of the same email must still be a 409.
  if (tenant.findUserByEmail(email, input.connection) || tenant.users.has(userId)) {
    throw new UserError('user_exists', 409, 'auth0_idp_error', 'The user already exists.');
  }
  const now = new Date().toISOString();
  const user: UserRecord = {
    user_id: userId,
    email,
    email_verified: input.email_verified ?? false,
    ...(input.username !== undefined ? { username: input.username } : {}),
    name: input.name ?? email,
    nickname: input.nickname ?? email.split('@')[0] ?? email,
    picture: input.picture ?? defaultPicture(email),
    ...(input.given_name !== undefined ? { given_name: input.given_name } : {}),
    ...(input.family_name !== undefined ? { family_name: input.family_name } : {}),
    connection: input.connection,
    password_hash: passwordHash,
    created_at: now,
    updated_at: now,
    logins_count: 0,
    blocked: input.blocked ?? false,
    app_metadata: mergeMetadata({}, input.app_metadata ?? {}),
    user_metadata: mergeMetadata({}, input.user_metadata ?? {}),
    authenticators: [],
  };
  tenant.users.set(user.user_id, user);
  return user;
}

/** Confirmed factors only: a pending enrollment is not an enrollment. */
export function confirmedAuthenticators(user: UserRecord): Authenticator[] {
  return user.authenticators.filter((a) => a.confirmed);
}

/** The Auth0 user JSON (GET /api/v2/users/{id}); never the password hash or factor secrets. */
export function serializeUser(user: UserRecord): Record<string, unknown> {
  const idpUserId = user.user_id.replace(/^auth0\|/, '');
  const enrolled = confirmedAuthenticators(user).length > 0;
  return {
    user_id: user.user_id,
    email: user.email,
    email_verified: user.email_verified,
    ...(user.username !== undefined ? { username: user.username } : {}),
    name: user.name,
    nickname: user.nickname,
    picture: user.picture,
    ...(user.given_name !== undefined ? { given_name: user.given_name } : {}),
    ...(user.family_name !== undefined ? { family_name: user.family_name } : {}),
    created_at: user.created_at,
    updated_at: user.updated_at,
    identities: [
      { connection: user.connection, provider: 'auth0', user_id: idpUserId, isSocial: false },
    ],
    app_metadata: structuredClone(user.app_metadata),
    user_metadata: structuredClone(user.user_metadata),
    ...(user.last_login !== undefined ? { last_login: user.last_login } : {}),
    ...(user.last_ip !== undefined ? { last_ip: user.last_ip } : {}),
    ...(user.last_password_reset !== undefined
      ? { last_password_reset: user.last_password_reset }
      : {}),
    logins_count: user.logins_count,
    // "list of MFA providers with which the user is enrolled" (auth0-behaviour.md §1.2).
    ...(enrolled ? { multifactor: ['guardian'] } : {}),
    blocked: user.blocked,
  };
}

/**
 * Auth0's metadata merge: properties merge at the root level only, a `null` value deletes the
 * key, nested objects are replaced whole.
 * https://auth0.com/docs/manage-users/user-accounts/metadata/manage-user-metadata
 * @returns a new object; `current` is not modified.
 */
export function mergeMetadata(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    // defineProperty: a JSON key named `__proto__` stays a plain key, never a prototype.
    else
      Object.defineProperty(out, key, {
        value: structuredClone(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}
