import { test, expect } from '@playwright/test';
import { FAILURE_CATEGORIES } from '../helpers/categories.ts';
import { TenantNotReadyError, preparing } from '../helpers/readiness.ts';

/** The category Allure gives a failed test with this message (first match wins, as in Allure 3). */
function categoryOf(message: string, status: 'failed' | 'broken' = 'failed'): string | undefined {
  return FAILURE_CATEGORIES.find(
    (c) => c.matchedStatuses.includes(status) && new RegExp(c.messageRegex).test(message),
  )?.id;
}

test.describe('helpers/categories: the report tells failures apart', () => {
  test('should classify the harness’s own failure messages', () => {
    const expectLine = '\n\nexpect(received).toBe(expected) // Object.is equality\n\nExpected: "x"';
    expect(
      categoryOf(
        `Error: login 1 was challenged for device biometrics (…), but Auth0 documents that the enrollment transaction is not (…)${expectLine}`,
      ),
    ).toBe('documented-behaviour-changed');
    expect(
      categoryOf(`Error: login 2 was not challenged for device biometrics (…)${expectLine}`),
    ).toBe('mfa-not-enforced');
    expect(categoryOf(`Error: login 1: the evidence is inconsistent (…)${expectLine}`)).toBe(
      'harness-or-emulator-defect',
    );
    expect(categoryOf('UnexpectedScreenError: login 2: stuck on /u/login', 'broken')).toBe(
      'harness-or-emulator-defect',
    );
  });

  test('should classify tenant preparation failures, rate limits included, as not ready', async () => {
    const err = await preparing('factor otp disabled and could not be enabled', () =>
      Promise.reject(Object.assign(new Error('Forbidden\nStatus code: 403'), { statusCode: 403 })),
    ).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(TenantNotReadyError);
    expect(err.message).toBe(
      'tenant not ready: factor otp disabled and could not be enabled: Forbidden / Status code: 403',
    );
    expect(categoryOf(`Error: ${err.message}`)).toBe('tenant-not-ready');
    const limited = await preparing('reading the MFA factors', () =>
      Promise.reject(Object.assign(new Error('TooManyRequestsError'), { statusCode: 429 })),
    ).catch((e: unknown) => e as Error);
    expect(limited.message).toContain('rate limited by the Management API (429)');
    expect(categoryOf(limited.message, 'broken')).toBe('tenant-not-ready');
  });
});
