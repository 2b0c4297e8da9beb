/**
 * @module emulator/management/authentication-methods
 * A user's MFA factors: https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authentication-methods-with-management-api
 * (list, get, delete one, delete all) and `DELETE /users/{id}/authenticators` (all Guardian
 * enrollments). Each removed factor logs `gd_unenroll`.
 */
import type { EmulatorContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { requestIp } from '../http/request-ip.ts';
import type { Authenticator, UserRecord } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { Q } from './query.ts';
import { serializeAuthenticationMethod } from './serialize.ts';
import { findUser } from './users.ts';

const rpId = (context: EmulatorContext) => new URL(context.origin).hostname;

// Message unconfirmed.
const methodNotFound = () =>
  notFound('Authentication method not found.', 'inexistent_authentication_method');

function logUnenroll(req: ApiRequest, user: UserRecord, removed: Authenticator[]): void {
  for (const a of removed) {
    req.context.tenant.logs.emit({
      type: 'gd_unenroll',
      ip: requestIp(req.ctx),
      user_agent: req.ctx.get('user-agent') || undefined,
      user_id: user.user_id,
      user_name: user.email,
      client_id: req.principal.clientId,
      client_name: req.principal.clientName,
      details: {
        authenticator: { id: a.id, type: a.type },
        enrollment: {
          _id: a.id.split('|')[1] ?? a.id,
          tenant: req.context.config.tenantName,
          user_id: user.user_id,
        },
      },
    });
  }
}

function removeAll(req: ApiRequest) {
  const user = findUser(req.context.tenant, req.params.id as string);
  const removed = user.authenticators;
  user.authenticators = [];
  if (removed.length > 0) user.updated_at = new Date().toISOString();
  logUnenroll(req, user, removed);
  return { status: 204 };
}

function list(req: ApiRequest) {
  const user = findUser(req.context.tenant, req.params.id as string);
  const all = user.authenticators.map((a) => serializeAuthenticationMethod(a, rpId(req.context)));
  const paged = ['page', 'per_page', 'include_totals'].some((p) => req.query.has(p));
  if (!paged) return { body: all };
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const slice = all.slice(page * perPage, page * perPage + perPage);
  if (!req.query.bool('include_totals', false)) return { body: slice };
  return {
    body: { start: page * perPage, limit: perPage, total: all.length, authenticators: slice },
  };
}

function get(req: ApiRequest) {
  const user = findUser(req.context.tenant, req.params.id as string);
  const method = user.authenticators.find((a) => a.id === req.params.method_id);
  if (!method) throw methodNotFound();
  return { body: serializeAuthenticationMethod(method, rpId(req.context)) };
}

function removeOne(req: ApiRequest) {
  const user = findUser(req.context.tenant, req.params.id as string);
  const method = user.authenticators.find((a) => a.id === req.params.method_id);
  if (!method) throw methodNotFound();
  user.authenticators = user.authenticators.filter((a) => a !== method);
  user.updated_at = new Date().toISOString();
  logUnenroll(req, user, [method]);
  return { status: 204 };
}

export function authenticationMethodRoutes(api: ApiMount): void {
  api
    .add('GET', 'users/:id/authentication-methods', {
      scopes: ['read:authentication_methods'],
      // ListUserAuthenticationMethodsRequestParameters.
      query: { page: Q.page, per_page: Q.perPage, include_totals: Q.bool },
      handler: list,
    })
    .add('DELETE', 'users/:id/authentication-methods', {
      scopes: ['delete:authentication_methods'],
      description: 'Delete all authentication methods for the given user',
      handler: removeAll,
    })
    .add('GET', 'users/:id/authentication-methods/:method_id', {
      scopes: ['read:authentication_methods'],
      handler: get,
    })
    .add('DELETE', 'users/:id/authentication-methods/:method_id', {
      scopes: ['delete:authentication_methods'],
      description: 'Delete an authentication method by ID',
      handler: removeOne,
    })
    .add('DELETE', 'users/:id/authenticators', {
      scopes: ['delete:guardian_enrollments'],
      description: 'Delete All Authenticators',
      handler: removeAll,
    });
}
