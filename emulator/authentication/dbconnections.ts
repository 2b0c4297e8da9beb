/**
 * @module emulator/authentication/dbconnections
 * Auth0's Authentication API for database connections
 * (https://auth0.com/docs/api/authentication#signup, …#change-password):
 * - `POST /dbconnections/signup {client_id, email, password, connection, username?, given_name?,
 *   family_name?, name?, nickname?, picture?, user_metadata?}` creates the user (not verified)
 *   and answers `{_id, email_verified, email, …the profile fields sent}`; `_id` is the user id
 *   without its `auth0|` prefix;
 * - `POST /dbconnections/change_password {client_id, email, connection}` answers
 *   `We've just sent you an email to reset your password.` whether the user exists or not (no
 *   account enumeration); no email leaves the embedded tenant.
 * Both take JSON and form bodies and need no client secret (public endpoints). The client must
 * exist and the connection must be enabled for it (wording unconfirmed on live).
 */
import type { Context } from 'koa';
import type { EmulatorContext } from '../context.ts';
import { BodyError, readBody, type Router } from '../http/router.ts';
import { clientIp } from '../tenant/logs.ts';
import { checkPasswordPolicy, createUser, isValidEmail, UserError } from '../tenant/users.ts';
import type { ClientRecord, ConnectionRecord, UserRecord } from '../tenant/store.ts';
import { answerError, DbConnectionsError, DbRequestError } from './errors.ts';
import { passwordStrengthError } from './password-strength.ts';

export const SIGNUP_PATH = '/dbconnections/signup';
export const CHANGE_PASSWORD_PATH = '/dbconnections/change_password';

/** Auth0's confirmation text (https://auth0.com/docs/api/authentication#change-password). */
export const CHANGE_PASSWORD_SENT = "We've just sent you an email to reset your password.";

/** Profile fields the signup endpoint takes besides the credentials, echoed back when given. */
const PROFILE_FIELDS = ['given_name', 'family_name', 'name', 'nickname', 'picture'] as const;
const SIGNUP_FIELDS = new Set([
  'client_id',
  'email',
  'password',
  'connection',
  'username',
  'user_metadata',
  ...PROFILE_FIELDS,
]);
/** Auth0's limit on metadata sent at sign-up (string values only; unconfirmed on live). */
const USER_METADATA_MAX_KEYS = 10;
/** Request bodies of this endpoint family are small; 10 KB is ample (unconfirmed on live). */
const BODY_LIMIT = 10 * 1024;

type Fields = Record<string, unknown>;

async function bodyOf(ctx: Context): Promise<Fields> {
  let body;
  try {
    body = await readBody(ctx, BODY_LIMIT);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    throw new DbRequestError(err.status, 'invalid_request', err.message);
  }
  if (body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    throw new DbRequestError(400, 'invalid_request', 'The request body must be an object');
  }
  return body;
}

function text(body: Fields, name: string, required: true): string;
function text(body: Fields, name: string, required: false): string | undefined;
function text(body: Fields, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') {
    if (required)
      throw new DbRequestError(400, 'invalid_request', `Missing required parameter: ${name}`);
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new DbRequestError(400, 'invalid_request', `Parameter ${name} must be a string`);
  }
  return value;
}

/** The application and its database connection, or the request-level refusal. */
function clientAndConnection(
  context: EmulatorContext,
  body: Fields,
): { client: ClientRecord; connection: ConnectionRecord } {
  const clientId = text(body, 'client_id', true);
  const name = text(body, 'connection', true);
  const client = context.tenant.clients.get(clientId);
  if (!client) throw new DbRequestError(400, 'invalid_request', 'Unknown client');
  const connection = context.tenant.allConnections().find((c) => c.name === name);
  if (!connection) throw new DbRequestError(400, 'invalid_request', 'Connection does not exist');
  if (!connection.enabled_clients.includes(client.client_id)) {
    throw new DbRequestError(400, 'invalid_request', 'Connection is not enabled for this client');
  }
  return { client, connection };
}

function userMetadataOf(body: Fields): Record<string, string> | undefined {
  const value = body.user_metadata;
  if (value === undefined) return undefined;
  const entries =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value)
      : undefined;
  if (
    !entries ||
    entries.length > USER_METADATA_MAX_KEYS ||
    entries.some(([, v]) => typeof v !== 'string')
  ) {
    throw new DbConnectionsError(400, 'invalid_signup', 'Invalid sign up');
  }
  return Object.fromEntries(entries);
}

/** What the endpoint answers for a new user. */
function signupResponse(user: UserRecord, body: Fields): Record<string, unknown> {
  return {
    _id: user.user_id.replace(/^auth0\|/, ''),
    email_verified: user.email_verified,
    email: user.email,
    ...(user.username !== undefined ? { username: user.username } : {}),
    ...Object.fromEntries(
      PROFILE_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]),
    ),
    ...(body.user_metadata !== undefined ? { user_metadata: body.user_metadata } : {}),
  };
}

async function signup(context: EmulatorContext, ctx: Context): Promise<void> {
  const body = await bodyOf(ctx);
  const { client, connection } = clientAndConnection(context, body);
  const email = text(body, 'email', true);
  const password = text(body, 'password', true);
  const log = (type: 'ss' | 'fs', extra: Fields) =>
    context.tenant.logs.emit({
      type,
      ip: clientIp(ctx.ip),
      hostname: context.domain,
      user_agent: ctx.get('user-agent'),
      client_id: client.client_id,
      client_name: client.name,
      connection: connection.name,
      connection_id: connection.id,
      strategy: 'auth0',
      strategy_type: 'database',
      user_name: email,
      ...extra,
    });
  try {
    for (const key of Object.keys(body)) {
      // A field the endpoint does not take is refused rather than dropped (unconfirmed on live).
      if (!SIGNUP_FIELDS.has(key))
        throw new DbConnectionsError(400, 'invalid_signup', 'Invalid sign up');
    }
    // The default connection does not use usernames ("Requires Username" off): a username is
    // refused rather than ignored (unconfirmed on live).
    if (body.username !== undefined && connection.options.requires_username !== true) {
      throw new DbConnectionsError(400, 'invalid_signup', 'Invalid sign up');
    }
    if (!isValidEmail(email))
      throw new DbConnectionsError(400, 'invalid_signup', 'Invalid sign up');
    if (checkPasswordPolicy(password)) throw passwordStrengthError(password);
    const profile = Object.fromEntries(
      PROFILE_FIELDS.map((f) => [f, text(body, f, false)]).filter(([, v]) => v !== undefined),
    ) as Partial<Record<(typeof PROFILE_FIELDS)[number], string>>;
    const userMetadata = userMetadataOf(body);
    let user: UserRecord;
    try {
      user = await createUser(context.tenant, {
        email,
        password,
        connection: connection.name,
        ...profile,
        ...(userMetadata ? { user_metadata: userMetadata } : {}),
      });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      if (err.reason === 'user_exists')
        throw new DbConnectionsError(400, 'user_exists', 'The user already exists.');
      if (err.reason === 'password_policy') throw passwordStrengthError(password);
      throw new DbConnectionsError(400, 'invalid_signup', 'Invalid sign up');
    }
    log('ss', {
      user_id: user.user_id,
      details: {
        body: {
          tenant: context.tenant.config.tenantName,
          connection: connection.name,
          client_id: client.client_id,
          email: user.email,
        },
      },
    });
    ctx.status = 200;
    ctx.body = signupResponse(user, body);
  } catch (err) {
    if (err instanceof DbConnectionsError) {
      log('fs', { description: err.message, details: { error: { message: err.message } } });
    }
    throw err;
  }
}

async function changePassword(context: EmulatorContext, ctx: Context): Promise<void> {
  const body = await bodyOf(ctx);
  clientAndConnection(context, body);
  const email = text(body, 'email', true);
  if (!isValidEmail(email)) throw new DbRequestError(400, 'invalid_request', 'Invalid email');
  ctx.status = 200;
  ctx.type = 'text/html';
  ctx.body = CHANGE_PASSWORD_SENT;
}

/** Registers `POST /dbconnections/signup` and `POST /dbconnections/change_password`. */
export function dbConnectionsRoutes(router: Router, context: EmulatorContext): void {
  const route =
    (handler: (context: EmulatorContext, ctx: Context) => Promise<void>) =>
    async (ctx: Context) => {
      ctx.set('Cache-Control', 'no-store');
      try {
        await handler(context, ctx);
      } catch (err) {
        answerError(ctx, err);
      }
    };
  router.post(SIGNUP_PATH, route(signup));
  router.post(CHANGE_PASSWORD_PATH, route(changePassword));
}
