import { Management, type ManagementError } from 'auth0';
import { test, expect } from '../testing/fixtures.ts';
import { apiError } from '../testing/management-fixtures.ts';
import { rateLimitClock } from './rate-limit.ts';
import { api, managementClient, managementToken } from './test-client.ts';

// Auth0 Free plan: Management API bucket of 2, refilled at 2 per second (rate-limit-policy).
test.use({ emulatorConfig: { rateLimit: 'free' } });

test.describe('Management API rate limits, Free profile', () => {
  test.afterEach(() => {
    rateLimitClock.now = () => Date.now();
  });

  test('should answer 429 TooManyRequestsError with Retry-After once the bucket is empty, then recover', async ({
    emulator,
  }) => {
    let now = Date.now() + 60_000; // past any earlier use: the bucket is full
    rateLimitClock.now = () => now;
    const token = await managementToken(emulator);
    const mgmt = managementClient(emulator, { token, maxRetries: 0 });

    const first = await api(emulator, 'GET', '/tenants/settings', { token });
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    await mgmt.tenants.settings.get();
    const err = await mgmt.tenants.settings.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.TooManyRequestsError);
    const e = err as ManagementError;
    expect(e.body).toEqual(
      apiError(
        429,
        'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.',
        'too_many_requests',
      ),
    );
    expect(e.rawResponse?.headers.get('retry-after')).toBe('1');
    expect(e.rawResponse?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(e.rawResponse?.headers.get('x-ratelimit-reset'))).toBe(
      Math.ceil((now + 1000) / 1000),
    );

    const limit = emulator.context.tenant.logs
      .all()
      .filter((l) => l.type === 'api_limit')
      .at(-1);
    expect(limit).toMatchObject({
      client_id: emulator.context.config.mgmt.clientId,
      details: { limit: { size: 2 } },
    });

    now += 500; // one token refilled
    await expect(mgmt.tenants.settings.get()).resolves.toMatchObject({
      friendly_name: expect.any(String),
    });
  });

  test('should let the SDK retry after Retry-After when retries are on', async ({ emulator }) => {
    let now = Date.now() + 120_000;
    rateLimitClock.now = () => now;
    const token = await managementToken(emulator);
    const mgmt = managementClient(emulator, { token, maxRetries: 1 });
    await mgmt.guardian.factors.list();
    await mgmt.guardian.factors.list();
    // The SDK waits Retry-After (1 s) before retrying; advance the clock so the retry succeeds.
    setTimeout(() => (now += 1000), 100);
    await expect(mgmt.guardian.factors.list()).resolves.toHaveLength(8);
  });
});
