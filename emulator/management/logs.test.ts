import { Management } from 'auth0';
import { test, expect } from '../testing/fixtures.ts';
import {
  GOOD_PASSWORD,
  api,
  managementClient,
  managementToken,
  uniqueEmail,
} from './test-client.ts';

const connection = 'Username-Password-Authentication';

test.describe('Management API logs (https://auth0.com/docs/deploy-monitor/logs/log-search-query-syntax)', () => {
  test('should log writes as sapi with the token client and a redacted body', async ({
    emulator,
  }) => {
    const mgmt = managementClient(emulator);
    const email = uniqueEmail('sapi');
    await mgmt.users.create({ connection, email, password: GOOD_PASSWORD });
    const page = await mgmt.logs.list({ search: 'type:sapi AND description:"Create a User"' });
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

  test('should answer the SDK default page with totals, newest first', async ({ emulator }) => {
    const mgmt = managementClient(emulator);
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

  test('should accept q as well as search, wildcards, ranges, fields and checkpoints', async ({
    emulator,
  }) => {
    const token = await managementToken(emulator);
    const mgmt = managementClient(emulator);
    const user = await mgmt.users.create({
      connection,
      email: uniqueEmail('q'),
      password: GOOD_PASSWORD,
    });
    await mgmt.users.delete(user.user_id as string);

    const q = await api(
      emulator,
      'GET',
      `/logs?q=${encodeURIComponent(`type:sd* AND user_id:"${user.user_id}"`)}`,
      { token },
    );
    expect((q.body as { type: string }[]).map((e) => e.type)).toEqual(['sdu']);

    const since = new Date(Date.now() - 60_000).toISOString();
    const range = await mgmt.logs.list({ search: `date:[${since} TO *] AND type:sdu` });
    expect(range.data.some((e) => e.user_id === user.user_id)).toBe(true);
    const future = await mgmt.logs.list({ search: `date:[2999-01-01 TO *]` });
    expect(future.data).toEqual([]);

    const projected = await mgmt.logs.list({
      search: 'type:sdu',
      fields: 'type,user_id',
      include_fields: true,
    });
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

  test('should refuse per_page above 100 and a malformed query with 400', async ({ emulator }) => {
    const mgmt = managementClient(emulator);
    expect(await mgmt.logs.list({ per_page: 101 }).catch((e: unknown) => e)).toBeInstanceOf(
      Management.BadRequestError,
    );
    expect(await mgmt.logs.list({ search: 'type:"open' }).catch((e: unknown) => e)).toBeInstanceOf(
      Management.BadRequestError,
    );
  });
});
