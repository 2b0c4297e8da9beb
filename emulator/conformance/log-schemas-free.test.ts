/**
 * Log conformance on the Free plan profile: the `api_limit` event of a real 429 (Management API
 * bucket of 2, refilled at 2 per second) validates against Auth0's schema, as the SDK reads it.
 */
import { Management } from 'auth0';
import { test, expect } from '../testing/fixtures.ts';
import { rateLimitClock } from '../management/rate-limit.ts';
import { managementClient } from '../testing/management-client.ts';
import { validateAllLogs } from '../testing/log-schema.ts';

test.use({ emulatorConfig: { rateLimit: 'free', tenantName: 'log-conformance-free' } });

test.describe('Tenant logs on the Free plan profile (auth0-log-schemas.json)', () => {
  test.afterEach(() => {
    rateLimitClock.now = () => Date.now();
  });

  test('should log a valid api_limit when the Free bucket runs dry', async ({ emulator }) => {
    // Frozen clock: the bucket of 2 does not refill, so the third call is refused.
    const frozen = Date.now();
    rateLimitClock.now = () => frozen;
    const refusing = managementClient(emulator, { maxRetries: 0 });
    const mgmt = managementClient(emulator);
    try {
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => refusing.tenants.settings.get()),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r): unknown => r.reason)).toEqual([
        expect.any(Management.TooManyRequestsError),
      ]);
    } finally {
      // A second later: the bucket of 2 is full again for the read-back (afterEach restores).
      rateLimitClock.now = () => Date.now() + 1_000;
    }
    const events = await validateAllLogs(emulator, mgmt);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['seccft', 'api_limit']));
  });
});
