/**
 * @module emulator/management/user-blocks
 * Brute-force protection blocks (auth0-behaviour.md §5.2, "Unblock with
 * `DELETE /api/v2/user-blocks?identifier=`"):
 * https://auth0.com/docs/api/management/v2/user-blocks/get-user-blocks (and -by-id, delete-*).
 * SDK v7: `userBlocks.listByIdentifier`, `deleteByIdentifier`, `list(id)`, `delete(id)`.
 * The blocks live in the login's attack protection (login/attack-protection.ts).
 */
import { badRequest } from '../http/errors.ts';
import { blocksFor, unblockIdentifier, type UserBlock } from '../login/attack-protection.ts';
import type { ApiRequest, ApiRoutes } from './api.ts';
import { findUser } from './users.ts';
import { boolParam } from './validate.ts';

const view = (b: UserBlock) => ({ identifier: b.identifier, ip: b.ip, connection: b.connection });

/** `identifier` is required (Auth0's query-validation text). */
function identifierOf(req: ApiRequest): string {
  const identifier = req.query('identifier');
  if (!identifier)
    throw badRequest(
      "Query validation error: 'Missing required property: identifier' on property identifier.",
      'invalid_query_string',
    );
  return identifier;
}

function list(req: ApiRequest, identifier: string) {
  // consider_brute_force_enablement only matters when brute-force protection is disabled, which
  // the emulator does not model (it is always on, as on a new tenant).
  boolParam(req.query('consider_brute_force_enablement'), 'consider_brute_force_enablement', false);
  return { body: { blocked_for: blocksFor(req.context.tenant, identifier).map(view) } };
}

/** A user's identifiers: the email (database connection users; username unsupported). */
const identifiersOfUser = (req: ApiRequest) => {
  const user = findUser(req.context.tenant, req.params.id as string);
  return [user.email, ...(user.username ? [user.username] : [])];
};

export function userBlockRoutes(api: ApiRoutes): void {
  api
    .add('GET', 'user-blocks', ['read:users'], (req) => list(req, identifierOf(req)))
    .add(
      'DELETE',
      'user-blocks',
      ['update:users'],
      (req) => {
        unblockIdentifier(req.context.tenant, identifierOf(req));
        return { status: 204 };
      },
      'Unblock by identifier',
    )
    .add('GET', 'user-blocks/:id', ['read:users'], (req) => {
      boolParam(
        req.query('consider_brute_force_enablement'),
        'consider_brute_force_enablement',
        false,
      );
      const blocked = identifiersOfUser(req).flatMap((i) => blocksFor(req.context.tenant, i));
      return { body: { blocked_for: blocked.map(view) } };
    })
    .add(
      'DELETE',
      'user-blocks/:id',
      ['update:users'],
      (req) => {
        for (const identifier of identifiersOfUser(req))
          unblockIdentifier(req.context.tenant, identifier);
        return { status: 204 };
      },
      'Unblock a user',
    );
}
