/**
 * @module emulator/testing/stored-user
 * A user record put straight into the tenant's store, bypassing sign-up and the Management API
 * (no validation, no log, no password check): for tests that need a user exactly as given, e.g.
 * with metadata the API would refuse, or a fixed `user_id`.
 */
import type { Tenant, UserRecord } from '../tenant/store.ts';

/**
 * Stores and returns a user of the tenant's database connection: no factor, no metadata,
 * never logged in, unless `fields` says otherwise.
 */
export function storeUser(
  tenant: Tenant,
  fields: Pick<UserRecord, 'user_id' | 'email' | 'name' | 'nickname'> & Partial<UserRecord>,
): UserRecord {
  const now = new Date().toISOString();
  const user: UserRecord = {
    email_verified: false,
    picture: '',
    connection: tenant.connection.name,
    password_hash: 'scrypt$AA==$AA==',
    created_at: now,
    updated_at: now,
    logins_count: 0,
    blocked: false,
    app_metadata: {},
    user_metadata: {},
    authenticators: [],
    ...fields,
  };
  tenant.users.set(user.user_id, user);
  return user;
}
