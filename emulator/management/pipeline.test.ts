import { Management, ManagementError } from 'auth0';
import { apiError, test, expect } from '../testing/management-fixtures.ts';
import { api, managementClient, managementToken } from './test-client.ts';

test.describe('Management API request pipeline (https://auth0.com/docs/api/management/v2)', () => {
  test('should answer a missing token with 401 Missing authentication', async ({ emulator }) => {
    const res = await api(emulator, 'GET', '/users');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(apiError(401, 'Missing authentication', 'invalid_token'));
  });

  test('should answer a garbage token with 401 UnauthorizedError', async ({ emulator }) => {
    const mgmt = managementClient(emulator, { token: 'not.a.jwt' });
    const err = await mgmt.users.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.UnauthorizedError);
    expect((err as ManagementError).body).toEqual(apiError(401, 'Invalid token', 'invalid_token'));
  });

  test('should answer a token without the scope with 403 ForbiddenError', async ({ emulator }) => {
    const mgmt = managementClient(emulator, {
      token: await managementToken(emulator, 'read:logs'),
    });
    const err = await mgmt.users.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.ForbiddenError);
    expect((err as ManagementError).body).toEqual(
      apiError(403, 'Insufficient scope, expected any of: read:users', 'insufficient_scope'),
    );
    await expect(mgmt.logs.list()).resolves.toBeTruthy();
  });

  test('should carry X-RateLimit headers on every response', async ({ emulator }) => {
    for (const res of [
      await api(emulator, 'GET', '/users'),
      await api(emulator, 'GET', '/no-such-thing'),
    ]) {
      expect(Number(res.headers.get('x-ratelimit-limit'))).toBe(50);
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(
        Math.floor(Date.now() / 1000),
      );
    }
  });

  test('should answer unknown paths and methods with a 404 Auth0 body', async ({
    emulator,
    token,
  }) => {
    for (const [method, path] of [
      ['GET', '/no-such-thing'],
      ['GET', '/users/a/b/c/d'],
      ['PUT', '/users'],
    ] as const) {
      const res = await api(emulator, method, path, { token });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    }
  });

  test('should refuse malformed, oversized and non-JSON bodies without changing state', async ({
    emulator,
    token,
  }) => {
    const before = emulator.context.tenant.users.size;
    const malformed = await api(emulator, 'POST', '/users', { token, body: '{"connection":' });
    expect(malformed.body).toEqual(
      apiError(400, 'Invalid request payload JSON format', 'invalid_body'),
    );
    const huge = await api(emulator, 'PATCH', '/tenants/settings', {
      token,
      json: { friendly_name: 'x'.repeat(1024 * 1024 + 10) },
    });
    expect(huge.status).toBe(413);
    const form = await api(emulator, 'POST', '/users', {
      token,
      body: 'connection=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const empty = await api(emulator, 'POST', '/users', { token });
    expect(empty.status).toBe(400);
    for (const odd of ['null', '"text"', '[]', '42']) {
      const res = await api(emulator, 'POST', '/users', { token, body: odd });
      expect(res.status, odd).toBe(400);
    }
    const badQuery = await api(emulator, 'GET', '/users?page=-1', { token });
    expect(badQuery.status).toBe(400);
    const repeated = await api(emulator, 'GET', '/users?page=0&page=1&include_totals=maybe', {
      token,
    });
    expect(repeated.status).toBe(400);
    expect(emulator.context.tenant.users.size).toBe(before);
  });

  test('should decode URL-encoded user ids in paths', async ({ emulator }) => {
    const token = await managementToken(emulator);
    const res = await api(emulator, 'GET', `/users/${encodeURIComponent('auth0|nope')}`, { token });
    expect(res.body).toMatchObject({ statusCode: 404, errorCode: 'inexistent_user' });
  });
});
