import { Management } from 'auth0';
import { test, expect, type ManagementFixtures } from '../testing/management-fixtures.ts';
import type { Emulator } from '../app.ts';
import type { Authenticator } from '../tenant/store.ts';
import { api, managementToken } from './test-client.ts';

/** Factors are enrolled through Universal Login; here they are seeded into the tenant directly. */
async function userWithFactors(emulator: Emulator, createUser: ManagementFixtures['createUser']) {
  const user = await createUser('mfa');
  const id = user.user_id as string;
  const now = new Date().toISOString();
  const factors: Authenticator[] = [
    {
      type: 'otp',
      id: `totp|dev_${id.slice(-8)}`,
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      confirmed: true,
      created_at: now,
      usedSteps: [],
    },
    {
      type: 'webauthn-platform',
      id: `webauthn-platform|dev_${id.slice(-8)}`,
      credentialId: 'Y3JlZA',
      publicKey: 'cHVi',
      counter: 1,
      transports: ['internal'],
      name: 'Chrome on Linux',
      confirmed: true,
      created_at: now,
    },
  ];
  emulator.context.tenant.users.get(id)?.authenticators.push(...factors);
  return { id, factors };
}

test.describe('Management API authentication methods (manage-authentication-methods-with-management-api)', () => {
  test('should list factors with the API type vocabulary and never their secrets', async ({
    emulator,
    mgmt,
    createUser,
  }) => {
    const { id, factors } = await userWithFactors(emulator, createUser);
    const page = await mgmt.users.authenticationMethods.list(id);
    expect(page.response).toMatchObject({ start: 0, limit: 50, total: 2 });
    expect(page.data.map((m) => [m.id, m.type, m.confirmed])).toEqual([
      [factors[0]?.id, 'totp', true],
      [factors[1]?.id, 'webauthn-platform', true],
    ]);
    expect(page.data[1]).toMatchObject({
      name: 'Chrome on Linux',
      relying_party_identifier: 'localhost',
    });
    expect(JSON.stringify(page.data)).not.toContain('JBSWY3DP');

    const bare = await api(
      emulator,
      'GET',
      `/users/${encodeURIComponent(id)}/authentication-methods`,
      {
        token: await managementToken(emulator),
      },
    );
    expect(Array.isArray(bare.body)).toBe(true);
    expect((await mgmt.users.get(id)).multifactor).toEqual(['guardian']);
  });

  test('should return the first confirmed Guardian enrollment', async ({
    emulator,
    mgmt,
    createUser,
  }) => {
    const { id } = await userWithFactors(emulator, createUser);
    const enrollments = await mgmt.users.enrollments.get(id);
    expect(enrollments).toHaveLength(1);
    expect(enrollments[0]).toMatchObject({
      status: 'confirmed',
      type: 'authenticator',
      auth_method: 'authenticator',
    });
  });

  test('should delete all authentication methods and log gd_unenroll for each', async ({
    emulator,
    mgmt,
    createUser,
  }) => {
    const { id, factors } = await userWithFactors(emulator, createUser);
    await mgmt.users.authenticationMethods.deleteAll(id);
    expect((await mgmt.users.authenticationMethods.list(id)).data).toEqual([]);
    expect((await mgmt.users.get(id)).multifactor).toBeUndefined();
    const unenrolled = emulator.context.tenant.logs
      .all()
      .filter((e) => e.type === 'gd_unenroll' && e.user_id === id);
    expect(unenrolled.map((e) => (e.details.authenticator as { id: string }).id).sort()).toEqual(
      factors.map((f) => f.id).sort(),
    );
  });

  test('should delete all Guardian authenticators', async ({ emulator, mgmt, createUser }) => {
    const { id } = await userWithFactors(emulator, createUser);
    await mgmt.users.authenticators.deleteAll(id);
    expect(await mgmt.users.enrollments.get(id)).toEqual([]);
  });

  test('should delete one authentication method and 404 an unknown one', async ({
    emulator,
    mgmt,
    createUser,
  }) => {
    const { id, factors } = await userWithFactors(emulator, createUser);
    await mgmt.users.authenticationMethods.delete(id, factors[1]?.id as string);
    expect((await mgmt.users.authenticationMethods.list(id)).data.map((m) => m.type)).toEqual([
      'totp',
    ]);
    const err = await mgmt.users.authenticationMethods
      .delete(id, 'totp|dev_unknown')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.NotFoundError);
  });

  test('should answer 404 for the methods of an unknown user', async ({ mgmt }) => {
    const err = await mgmt.users.authenticationMethods
      .list('auth0|nobody')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.NotFoundError);
  });
});
