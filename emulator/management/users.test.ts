import { ManagementError, Management } from 'auth0';
import { apiError, test, expect } from '../testing/management-fixtures.ts';
import {
  GOOD_PASSWORD,
  api,
  managementClient,
  managementToken,
  uniqueEmail,
} from './test-client.ts';

const connection = 'Username-Password-Authentication';

test.describe('Management API users (https://auth0.com/docs/api/management/v2/users)', () => {
  test('should create a user and return Auth0 user JSON without secrets', async ({ mgmt }) => {
    const email = uniqueEmail('Create');
    const user = await mgmt.users.create({
      connection,
      email,
      password: GOOD_PASSWORD,
      app_metadata: { plan: 'x' },
    });
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(user.email).toBe(email.toLowerCase());
    expect(user.email_verified).toBe(false);
    expect(user.name).toBe(email.toLowerCase());
    expect(user.nickname).toBe(email.toLowerCase().split('@')[0]);
    expect(user.identities).toEqual([
      {
        connection,
        provider: 'auth0',
        user_id: user.user_id?.slice('auth0|'.length),
        isSocial: false,
      },
    ]);
    expect(user.app_metadata).toEqual({ plan: 'x' });
    expect(user.multifactor).toBeUndefined();
    expect(JSON.stringify(user)).not.toMatch(/scrypt|password/);
  });

  test('should answer a duplicate email with 409 ConflictError and Auth0 body', async ({
    mgmt,
  }) => {
    const email = uniqueEmail('dup');
    await mgmt.users.create({ connection, email, password: GOOD_PASSWORD });
    const err = await mgmt.users
      .create({ connection, email: email.toUpperCase(), password: GOOD_PASSWORD })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.ConflictError);
    expect((err as ManagementError).body).toEqual(
      apiError(409, 'The user already exists.', 'auth0_idp_error'),
    );
  });

  test('should refuse invalid input with 400 BadRequestError and store nothing', async ({
    emulator,
    mgmt,
  }) => {
    const before = emulator.context.tenant.users.size;
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { connection: 'Nope', email: uniqueEmail('c'), password: GOOD_PASSWORD },
        /^The connection does not exist\.$/,
      ],
      [
        { connection, email: 'not-an-email', password: GOOD_PASSWORD },
        /didn't pass validation for format email/,
      ],
      [{ connection, email: uniqueEmail('w'), password: 'short1A' }, /PasswordStrengthError/],
      [
        { connection, email: uniqueEmail('w'), password: 'alllowercaseletters' },
        /PasswordStrengthError/,
      ],
      [
        { connection, email: uniqueEmail('x'), password: GOOD_PASSWORD, favourite: 1 },
        /Additional properties not allowed: favourite/,
      ],
      [
        { email: uniqueEmail('m'), password: GOOD_PASSWORD },
        /Missing required property: connection/,
      ],
      [
        { connection, email: 42, password: GOOD_PASSWORD },
        /Expected type string but found type integer/,
      ],
    ];
    for (const [body, message] of cases) {
      const err = await mgmt.users.create(body as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(body)).toBeInstanceOf(Management.BadRequestError);
      expect((err as ManagementError).body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      });
    }
    expect(emulator.context.tenant.users.size).toBe(before);
  });

  test('should get, update with root-level metadata merge, and delete a user', async ({
    emulator,
    mgmt,
    createUser,
  }) => {
    const created = await createUser('upd', {
      app_metadata: { keep: 1, nested: { a: 1 }, drop: true },
    });
    const id = created.user_id as string;
    expect((await mgmt.users.get(id)).user_id).toBe(id);

    const updated = await mgmt.users.update(id, {
      app_metadata: { nested: { b: 2 }, drop: null, added: 'y' },
      user_metadata: { theme: 'dark' },
      name: 'Renamed',
      blocked: true,
    });
    expect(updated.app_metadata).toEqual({ keep: 1, nested: { b: 2 }, added: 'y' });
    expect(updated.user_metadata).toEqual({ theme: 'dark' });
    expect(updated.name).toBe('Renamed');
    expect(updated.blocked).toBe(true);

    const unknown = await mgmt.users.update(id, { favourite: 1 } as never).catch((e: unknown) => e);
    expect((unknown as ManagementError).body).toEqual(
      apiError(
        400,
        "Payload validation error: 'Additional properties not allowed: favourite'.",
        'invalid_body',
      ),
    );
    const weak = await mgmt.users
      .update(id, { password: 'weak', name: 'Not applied' })
      .catch((e: unknown) => e);
    expect(weak).toBeInstanceOf(Management.BadRequestError);
    expect((await mgmt.users.get(id)).name).toBe('Renamed');

    await mgmt.users.delete(id);
    const gone = await mgmt.users.get(id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(Management.NotFoundError);
    expect((gone as ManagementError).body).toEqual(
      apiError(404, 'The user does not exist.', 'inexistent_user'),
    );
    const sdu = emulator.context.tenant.logs
      .all()
      .filter((e) => e.type === 'sdu' && e.user_id === id);
    expect(sdu).toHaveLength(1);
    expect(sdu[0]).toMatchObject({ strategy: 'auth0', strategy_type: 'database', connection });
  });

  test('should answer 404 for unknown users on get and update, and 204 on delete', async ({
    mgmt,
  }) => {
    const missing = 'auth0|000000000000000000000000';
    for (const call of [
      () => mgmt.users.get(missing),
      () => mgmt.users.update(missing, { name: 'x' }),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Management.NotFoundError);
    }
    // DELETE /users/{id} documents no 404; the SDK maps none either.
    await expect(mgmt.users.delete(missing)).resolves.toBeUndefined();
  });

  test('should list users with totals, paging and a Lucene q', async ({ emulator, mgmt }) => {
    const tag = `list${Date.now().toString(36)}`;
    const emails = [uniqueEmail(`${tag}a`), uniqueEmail(`${tag}b`), uniqueEmail(`${tag}c`)];
    for (const [i, email] of emails.entries()) {
      await mgmt.users.create({
        connection,
        email,
        password: GOOD_PASSWORD,
        app_metadata: { cohort: i === 1 ? 'beta' : 'alpha' },
      });
    }
    const exact = await mgmt.users.list({ q: `email:"${emails[1]}"` });
    expect(exact.data.map((u) => u.email)).toEqual([emails[1]]);
    expect(exact.response).toMatchObject({ start: 0, limit: 50, length: 1, total: 1 });

    const wildcard = await mgmt.users.list({ q: `email:${tag}*`, per_page: 2 });
    expect(wildcard.data).toHaveLength(2);
    expect(wildcard.response).toMatchObject({ total: 3, length: 2, limit: 2 });
    const next = await wildcard.getNextPage();
    expect(next.data).toHaveLength(1);

    const byMeta = await mgmt.users.list({ q: `app_metadata.cohort:"beta" AND email:${tag}*` });
    expect(byMeta.data.map((u) => u.email)).toEqual([emails[1]]);

    const byId = await mgmt.users.list({ q: `user_id:"${byMeta.data[0]?.user_id}"` });
    expect(byId.data).toHaveLength(1);

    const bare = await api(emulator, 'GET', `/users?q=${encodeURIComponent(`email:${tag}*`)}`, {
      token: await managementToken(emulator),
    });
    expect(Array.isArray(bare.body), `${bare.status} ${JSON.stringify(bare.body)}`).toBe(true);

    const bad = await mgmt.users.list({ q: 'email:(' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Management.BadRequestError);
  });

  test('should find users by email case-insensitively as a bare array', async ({ mgmt }) => {
    const email = uniqueEmail('ByEmail');
    await mgmt.users.create({ connection, email, password: GOOD_PASSWORD });
    const found = await mgmt.users.listUsersByEmail({ email: email.toUpperCase() });
    expect(found.map((u) => u.email)).toEqual([email.toLowerCase()]);
    expect(await mgmt.users.listUsersByEmail({ email: uniqueEmail('none') })).toEqual([]);
  });

  test('should allow update:users_app_metadata to change metadata only', async ({
    emulator,
    createUser,
  }) => {
    const user = await createUser('meta');
    const limited = managementClient(emulator, {
      token: await managementToken(emulator, 'update:users_app_metadata'),
    });
    const ok = await limited.users.update(user.user_id as string, {
      app_metadata: { enrolled: true },
    });
    expect(ok.app_metadata).toEqual({ enrolled: true });
    const err = await limited.users
      .update(user.user_id as string, { name: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.ForbiddenError);
  });
});
