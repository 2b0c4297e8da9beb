/**
 * @module emulator/management/users
 * Users: https://auth0.com/docs/api/management/v2/users (create, list/search, get, update,
 * delete, users-by-email, enrollments).
 */
import { badRequest, forbidden, ManagementApiError, notFound } from '../http/errors.ts';
import { hashPassword } from '../tenant/passwords.ts';
import type { Tenant, UserRecord } from '../tenant/store.ts';
import {
  checkPasswordPolicy,
  confirmedAuthenticators,
  createUser,
  isValidEmail,
  mergeMetadata,
  serializeUser,
  UserError,
} from '../tenant/users.ts';
import { requestIp } from '../http/request-ip.ts';
import { checkMetadata } from '../tenant/metadata.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { dottedGet, LUCENE_QUERY_PARAM, matches, parseQuery, sortKey } from './lucene.ts';
import { FIELDS_QUERY, Q } from './query.ts';
import { serializeEnrollment } from './serialize.ts';
import { projectFields, type FieldSpec, type ObjectSpec } from './validate.ts';

const str: FieldSpec = { type: 'string' };
const bool: FieldSpec = { type: 'boolean' };
/** Metadata: a free-form object, bounded (tenant/metadata.ts checks the rest). */
const obj: FieldSpec = { type: 'object' };

/** POST /api/v2/users body (CreateUserRequestContent, database connection subset). */
const CREATE_USER = {
  required: ['connection'],
  properties: {
    email: str,
    phone_number: str,
    user_metadata: obj,
    blocked: bool,
    email_verified: bool,
    phone_verified: bool,
    app_metadata: obj,
    given_name: { type: 'string', minLength: 1, maxLength: 150 },
    family_name: { type: 'string', minLength: 1, maxLength: 150 },
    name: { type: 'string', minLength: 1, maxLength: 300 },
    nickname: { type: 'string', minLength: 1, maxLength: 300 },
    picture: { type: 'string', minLength: 1 },
    user_id: { type: 'string', minLength: 1 },
    connection: { type: 'string', minLength: 1 },
    password: { type: 'string', minLength: 1 },
    verify_email: bool,
    username: { type: 'string', minLength: 1, maxLength: 128 },
  },
} as const satisfies ObjectSpec;

/** PATCH /api/v2/users/{id}: the fields the brief and Auth0 allow for database users. */
const UPDATE_USER = {
  minProperties: 1,
  properties: {
    email: str,
    email_verified: bool,
    password: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1, maxLength: 300 },
    nickname: { type: 'string', minLength: 1, maxLength: 300 },
    picture: { type: 'string', minLength: 1 },
    blocked: bool,
    given_name: { type: 'string', minLength: 1, maxLength: 150 },
    family_name: { type: 'string', minLength: 1, maxLength: 150 },
    username: { type: 'string', minLength: 1, maxLength: 128 },
    app_metadata: obj,
    user_metadata: obj,
    connection: { type: 'string', minLength: 1 },
    verify_email: bool,
  },
} as const satisfies ObjectSpec;

/** GET /api/v2/users (ListUsersRequestParameters, auth0@7.1.0 requests.d.ts). */
const LIST_QUERY = {
  page: Q.page,
  per_page: Q.perPage,
  include_totals: Q.bool,
  sort: Q.sort,
  connection: Q.string,
  ...FIELDS_QUERY,
  q: LUCENE_QUERY_PARAM,
  search_engine: { type: 'string', enum: ['v1', 'v2', 'v3'] },
  primary_order: Q.bool,
} as const;

/** 404 body of an unknown user (auth0-behaviour.md §3.4). */
export const userNotFound = () => notFound('The user does not exist.', 'inexistent_user');

export function findUser(tenant: Tenant, id: string): UserRecord {
  const user = tenant.users.get(id);
  if (!user) throw userNotFound();
  return user;
}

const USER_QUERY = {
  get: (doc: Record<string, unknown>, field: string) => dottedGet(doc, field),
  defaultFields: ['email', 'name', 'nickname', 'user_id', 'username', 'given_name', 'family_name'],
  caseInsensitive: ['email'],
} as const;

/** "You can only page through the first 1000 records" (user search limitation). */
function checkPageWindow(page: number, perPage: number): void {
  if ((page + 1) * perPage > 1000) {
    throw badRequest(
      'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation',
      'invalid_paging',
    );
  }
}

/** Sorts by `field:1` / `field:-1` (the pattern is checked by the route's query spec). */
function sortBy<T extends Record<string, unknown>>(items: T[], sort: string | undefined): T[] {
  if (!sort) return items;
  const [field, dir] = sort.split(/:(?=-?1$)/) as [string, string];
  const sign = dir === '1' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = sortKey(dottedGet(a, field));
    const y = sortKey(dottedGet(b, field));
    return x < y ? -sign : x > y ? sign : 0;
  });
}

async function create(req: ApiRequest) {
  const body = req.body as Record<string, unknown>;
  checkMetadata(body.app_metadata, 'app_metadata');
  checkMetadata(body.user_metadata, 'user_metadata');
  const connection = body.connection as string;
  if (connection !== req.context.tenant.connection.name) {
    throw badRequest('The connection does not exist.', 'inexistent_connection');
  }
  // Database connections need an email and a password (CreateUserRequestContent docs).
  if (body.email === undefined)
    throw badRequest(`Payload validation error: 'Missing required property: email'.`);
  if (body.password === undefined)
    throw badRequest(`Payload validation error: 'Missing required property: password'.`);
  const user = await createUser(
    req.context.tenant,
    body as unknown as Parameters<typeof createUser>[1],
  );
  return { status: 201, body: serializeUser(user) };
}

function list(req: ApiRequest) {
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const includeTotals = req.query.bool('include_totals', false);
  const includeFields = req.query.bool('include_fields', true);
  const connection = req.query.string('connection');
  const query = parseQuery(req.query.string('q') ?? '');
  checkPageWindow(page, perPage);
  let users = [...req.context.tenant.users.values()]
    .filter((u) => connection === undefined || u.connection === connection)
    .map(serializeUser)
    .filter((u) => matches(query, u, USER_QUERY));
  users = sortBy(users, req.query.string('sort'));
  const slice = users
    .slice(page * perPage, page * perPage + perPage)
    .map((u) => projectFields(u, req.query.string('fields'), includeFields));
  if (!includeTotals) return { body: slice };
  return {
    body: {
      start: page * perPage,
      limit: perPage,
      length: slice.length,
      total: users.length,
      users: slice,
    },
  };
}

function get(req: ApiRequest) {
  const user = findUser(req.context.tenant, req.params.id as string);
  const includeFields = req.query.bool('include_fields', true);
  return { body: projectFields(serializeUser(user), req.query.string('fields'), includeFields) };
}

async function update(req: ApiRequest) {
  const tenant = req.context.tenant;
  const body = req.body as Record<string, unknown>;
  const user = findUser(tenant, req.params.id as string);
  // update:users_app_metadata alone may change metadata only (Management API scopes docs).
  if (!req.principal.scopes.includes('update:users')) {
    const other = Object.keys(body).filter((k) => k !== 'app_metadata' && k !== 'user_metadata');
    if (other.length > 0) throw forbidden('Insufficient scope, expected any of: update:users');
  }
  if (body.connection !== undefined && body.connection !== user.connection) {
    throw badRequest('The connection does not exist.', 'inexistent_connection');
  }
  let email: string | undefined;
  if (typeof body.email === 'string') {
    if (!isValidEmail(body.email)) {
      throw badRequest(
        `Payload validation error: 'Object didn't pass validation for format email: ${body.email}' on property email (The user's email).`,
      );
    }
    email = body.email.toLowerCase();
    const other = tenant.findUserByEmail(email, user.connection);
    // Message and status for a taken email are unconfirmed.
    if (other && other.user_id !== user.user_id)
      throw new UserError(
        'user_exists',
        400,
        'email_exists',
        'The specified new email already exists',
      );
  }
  let passwordHash: string | undefined;
  if (typeof body.password === 'string') {
    if (checkPasswordPolicy(body.password)) {
      throw new ManagementApiError(
        400,
        'invalid_password',
        'PasswordStrengthError: Password is too weak',
      );
    }
    passwordHash = await hashPassword(body.password);
  }
  // Metadata is merged, then checked whole (the limits are on what is stored), before any write.
  const appMetadata = body.app_metadata
    ? mergeMetadata(user.app_metadata, body.app_metadata as Record<string, unknown>)
    : undefined;
  const userMetadata = body.user_metadata
    ? mergeMetadata(user.user_metadata, body.user_metadata as Record<string, unknown>)
    : undefined;
  checkMetadata(appMetadata, 'app_metadata');
  checkMetadata(userMetadata, 'user_metadata');
  // Everything is valid: apply in one synchronous step.
  const now = new Date().toISOString();
  if (email !== undefined && email !== user.email) {
    user.email = email;
    // Auth0 resets email_verified when the email changes unless the body sets it.
    if (body.email_verified === undefined) user.email_verified = false;
  }
  if (typeof body.email_verified === 'boolean') user.email_verified = body.email_verified;
  if (passwordHash !== undefined) {
    user.password_hash = passwordHash;
    user.last_password_reset = now;
  }
  for (const key of [
    'name',
    'nickname',
    'picture',
    'given_name',
    'family_name',
    'username',
  ] as const) {
    if (typeof body[key] === 'string') user[key] = body[key];
  }
  if (typeof body.blocked === 'boolean') user.blocked = body.blocked;
  if (appMetadata) user.app_metadata = appMetadata;
  if (userMetadata) user.user_metadata = userMetadata;
  user.updated_at = now;
  return { body: serializeUser(user) };
}

function remove(req: ApiRequest) {
  const tenant = req.context.tenant;
  const user = tenant.users.get(req.params.id as string);
  // The endpoint documents no 404 (responses 204/400/401/403/429): deleting is idempotent.
  if (!user) return { status: 204 };
  tenant.users.delete(user.user_id);
  // `sdu` Successful User Deletion (log-event-type-codes).
  tenant.logs.emit({
    type: 'sdu',
    ip: requestIp(req.ctx),
    user_agent: req.ctx.get('user-agent') || undefined,
    user_id: user.user_id,
    user_name: user.email,
    connection: tenant.connection.name,
    connection_id: tenant.connection.id,
    strategy: 'auth0',
    strategy_type: 'database',
    details: { body: { tenant: tenant.config.tenantName, connection: tenant.connection.name } },
  });
  return { status: 204 };
}

function byEmail(req: ApiRequest) {
  const email = req.query.string('email') as string;
  const includeFields = req.query.bool('include_fields', true);
  const wanted = email.toLowerCase();
  const users = [...req.context.tenant.users.values()]
    .filter((u) => u.email === wanted)
    .map((u) => projectFields(serializeUser(u), req.query.string('fields'), includeFields));
  return { body: users };
}

/** "Retrieve the first confirmed Guardian enrollment for a user." */
function enrollments(req: ApiRequest) {
  const user = findUser(req.context.tenant, req.params.id as string);
  const first = confirmedAuthenticators(user)[0];
  return { body: first ? [serializeEnrollment(first)] : [] };
}

export function userRoutes(api: ApiMount): void {
  api
    .add('GET', 'users', { scopes: ['read:users'], query: LIST_QUERY, handler: list })
    .add('POST', 'users', {
      scopes: ['create:users'],
      body: { kind: 'object', spec: CREATE_USER },
      description: 'Create a User',
      handler: create,
    })
    .add('GET', 'users/:id', { scopes: ['read:users'], query: FIELDS_QUERY, handler: get })
    .add('PATCH', 'users/:id', {
      scopes: ['update:users', 'update:users_app_metadata'],
      body: { kind: 'object', spec: UPDATE_USER },
      description: 'Update a User',
      handler: update,
    })
    .add('DELETE', 'users/:id', {
      scopes: ['delete:users'],
      description: 'Delete a User',
      handler: remove,
    })
    .add('GET', 'users-by-email', {
      scopes: ['read:users'],
      query: { ...FIELDS_QUERY, email: { type: 'string', required: true, minLength: 1 } },
      handler: byEmail,
    })
    .add('GET', 'users/:id/enrollments', { scopes: ['read:users'], handler: enrollments });
}
