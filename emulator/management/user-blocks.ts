/**
 * @module emulator/management/user-blocks
 * Brute-force protection blocks (auth0-behaviour.md §5.2, "Unblock with
 * `DELETE /api/v2/user-blocks?identifier=`"):
 * https://auth0.com/docs/api/management/v2/user-blocks/get-user-blocks (and -by-id, delete-*).
 * SDK v7: `userBlocks.listByIdentifier`, `deleteByIdentifier`, `list(id)`, `delete(id)`.
 * The blocks live in the login's attack protection (login/attack-protection.ts).
 */
import { blocksFor, unblockIdentifier, type UserBlock } from '../login/attack-protection.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { Q } from './query.ts';
import { findUser } from './users.ts';

const view = (b: UserBlock) => ({ identifier: b.identifier, ip: b.ip, connection: b.connection });

/** `identifier` is required (ListUserBlocksByIdentifierRequestParameters). */
const IDENTIFIER = { type: 'string', required: true, minLength: 1 } as const;

// consider_brute_force_enablement only matters when brute-force protection is disabled, which
// the emulator does not model (it is always on, as on a new tenant).
const CONSIDER = { consider_brute_force_enablement: Q.bool } as const;

/** A user's identifiers: the email (database connection users; username unsupported). */
const identifiersOfUser = (req: ApiRequest) => {
  const user = findUser(req.context.tenant, req.params.id as string);
  return [user.email, ...(user.username ? [user.username] : [])];
};

export function userBlockRoutes(api: ApiMount): void {
  api
    .add('GET', 'user-blocks', {
      scopes: ['read:users'],
      query: { identifier: IDENTIFIER, ...CONSIDER },
      handler: (req) => {
        const identifier = req.query.string('identifier') as string;
        return { body: { blocked_for: blocksFor(req.context.tenant, identifier).map(view) } };
      },
    })
    .add('DELETE', 'user-blocks', {
      scopes: ['update:users'],
      // DeleteUserBlocksByIdentifierRequestParameters.
      query: { identifier: IDENTIFIER },
      description: 'Unblock by identifier',
      handler: (req) => {
        unblockIdentifier(req.context.tenant, req.query.string('identifier') as string);
        return { status: 204 };
      },
    })
    .add('GET', 'user-blocks/:id', {
      scopes: ['read:users'],
      query: CONSIDER,
      handler: (req) => {
        const blocked = identifiersOfUser(req).flatMap((i) => blocksFor(req.context.tenant, i));
        return { body: { blocked_for: blocked.map(view) } };
      },
    })
    .add('DELETE', 'user-blocks/:id', {
      scopes: ['update:users'],
      description: 'Unblock a user',
      handler: (req) => {
        for (const identifier of identifiersOfUser(req))
          unblockIdentifier(req.context.tenant, identifier);
        return { status: 204 };
      },
    });
}
