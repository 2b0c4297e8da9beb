import { Management } from 'auth0';
import { apiError, test, expect } from '../testing/management-fixtures.ts';
import { GOOD_PASSWORD, api, managementToken, uniqueEmail } from './test-client.ts';

const connection = 'Username-Password-Authentication';

test.describe('Management API logs (https://auth0.com/docs/deploy-monitor/logs/log-search-query-syntax)', () => {
  test('should log writes as sapi with the token client and a redacted body', async ({
    emulator,
    mgmt,
  }) => {
    const email = uniqueEmail('sapi');
    await mgmt.users.create({ connection, email, password: GOOD_PASSWORD });
    const page = await mgmt.logs.list(
      {},
      { queryParams: { q: 'type:sapi AND description:"Create a User"' } },
    );
    const event = page.data.find((e) => JSON.stringify(e.details).includes(email.toLowerCase()));
    expect(event).toMatchObject({
      type: 'sapi',
      client_id: emulator.context.config.mgmt.clientId,
      client_name: 'Biometric E2E Management (M2M)',
      details: {
        request: { method: 'post', path: '/api/v2/users' },
        response: { statusCode: 201 },
      },
    });
    expect(JSON.stringify(event)).not.toContain(GOOD_PASSWORD);
    expect(JSON.stringify(event)).toContain('[REDACTED]');
    expect(event).not.toHaveProperty('transaction_id');
  });

  test('should answer the SDK default page with totals, newest first', async ({
    emulator,
    mgmt,
  }) => {
    await mgmt.guardian.factors.set('otp', { enabled: true });
    await mgmt.guardian.factors.set('otp', { enabled: true });
    const page = await mgmt.logs.list();
    expect(page.response).toMatchObject({
      start: 0,
      limit: 50,
      length: page.data.length,
      total: expect.any(Number),
    });
    const dates = page.data.map((e) => e.date as string);
    expect([...dates].sort().reverse()).toEqual(dates);
    const oldestFirst = await mgmt.logs.list({ sort: 'date:1', per_page: 2 });
    expect(oldestFirst.data[0]?.log_id).toBe(emulator.context.tenant.logs.all()[0]?.log_id);
  });

  test('should accept q with wildcards, ranges, fields and checkpoints', async ({
    emulator,
    mgmt,
    token,
    createUser,
  }) => {
    const user = await createUser('q');
    await mgmt.users.delete(user.user_id as string);

    const q = await api(
      emulator,
      'GET',
      `/logs?q=${encodeURIComponent(`type:sd* AND user_id:"${user.user_id}"`)}`,
      { token },
    );
    expect((q.body as { type: string }[]).map((e) => e.type)).toEqual(['sdu']);

    // The SDK sends Auth0's `q` through its request options (auth0-behaviour.md §3.3).
    const q2 = (query: string) => ({ queryParams: { q: query } });
    const since = new Date(Date.now() - 60_000).toISOString();
    const range = await mgmt.logs.list({}, q2(`date:[${since} TO *] AND type:sdu`));
    expect(range.data.some((e) => e.user_id === user.user_id)).toBe(true);
    const future = await mgmt.logs.list({}, q2(`date:[2999-01-01 TO *]`));
    expect(future.data).toEqual([]);

    const projected = await mgmt.logs.list(
      { fields: 'type,user_id', include_fields: true },
      q2('type:sdu'),
    );
    expect(Object.keys(projected.data[0] ?? {}).sort()).toEqual(['type', 'user_id']);

    const all = emulator.context.tenant.logs.all();
    const from = all[all.length - 3]?.log_id as string;
    const checkpoint = await api(emulator, 'GET', `/logs?from=${from}&take=2&q=type:nothing`, {
      token,
    });
    expect((checkpoint.body as { log_id: string }[]).map((e) => e.log_id)).toEqual(
      all.slice(-2).map((e) => e.log_id),
    );

    const one = all[0] as { log_id: string };
    expect((await mgmt.logs.get(one.log_id)).log_id).toBe(one.log_id);
  });

  test('should refuse per_page above 100 and a malformed query with 400', async ({ mgmt }) => {
    expect(await mgmt.logs.list({ per_page: 101 }).catch((e: unknown) => e)).toBeInstanceOf(
      Management.BadRequestError,
    );
    expect(
      await mgmt.logs.list({}, { queryParams: { q: 'type:"open' } }).catch((e: unknown) => e),
    ).toBeInstanceOf(Management.BadRequestError);
  });

  test("should refuse the SDK's search parameter with Auth0's 400, as a live tenant does", async ({
    mgmt,
  }) => {
    // auth0-behaviour.md §3.3, https://github.com/auth0/auth0-java/issues/842.
    const err = await mgmt.logs.list({ search: 'type:s' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.BadRequestError);
    expect((err as Management.BadRequestError).body).toEqual(
      apiError(
        400,
        "Query validation error: 'Additional properties not allowed: search'.",
        'invalid_query_string',
      ),
    );
  });

  test("should list one user's events on GET /users/{id}/logs, Auth0's shape", async ({
    emulator,
    mgmt,
    createUser,
  }) => {
    const user = await createUser('ulogs');
    const userId = user.user_id as string;
    await mgmt.users.authenticationMethods.deleteAll(userId);
    emulator.context.tenant.logs.emit({ type: 'sdu', ip: '127.0.0.1', user_id: userId });
    emulator.context.tenant.logs.emit({ type: 'sdu', ip: '127.0.0.1', user_id: 'auth0|other' });

    // The SDK's call: page=0&per_page=…&include_totals=true.
    const page = await mgmt.users.logs.list(userId, { sort: 'date:1', per_page: 100 });
    expect(page.response).toMatchObject({ start: 0, limit: 100, length: 1, total: 1 });
    expect(page.data.map((e) => [e.type, e.user_id])).toEqual([['sdu', userId]]);

    const token = await managementToken(emulator, 'read:logs_users');
    const path = `/users/${encodeURIComponent(userId)}/logs`;
    const bare = await api(emulator, 'GET', path, { token });
    expect(bare.status).toBe(200);
    expect((bare.body as { user_id: string }[]).map((e) => e.user_id)).toEqual([userId]);
    for (const [query, message] of [
      ['q=type:s', "Query validation error: 'Additional properties not allowed: q'."],
      [
        'per_page=101',
        "Query validation error: 'Value 101 is greater than maximum 100' on property per_page.",
      ],
      ['sort=date', "Query validation error: 'String does not match pattern' on property sort."],
    ]) {
      const res = await api(emulator, 'GET', `${path}?${query}`, { token });
      expect(res.body, query).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message,
        errorCode: 'invalid_query_string',
      });
    }
    const noScope = await api(emulator, 'GET', path, {
      token: await managementToken(emulator, 'read:users'),
    });
    expect(noScope.status).toBe(403);
  });
});
