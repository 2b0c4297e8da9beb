import { test, expect } from '@playwright/test';
import {
  FAILURE_CATEGORIES,
  FAILURE_CATEGORY_IDS,
  categoryOf,
  categoryToken,
} from '../helpers/report/categories.ts';
import { TenantNotReadyError, preparing } from '../helpers/tenant/readiness.ts';

test.describe('helpers/report/categories: the report tells failures apart', () => {
  test('should file a message that starts with a token by its token alone', () => {
    const expectLine = '\n\nexpect(received).toMatchDocumentedVerdict()';
    for (const id of FAILURE_CATEGORY_IDS) {
      // Prose that other categories used to match (rate limits, "tenant not ready:", phrases).
      const prose = 'login 1 was challenged; tenant not ready: x; rate limit; Status code: 429';
      for (const lead of ['', 'Error: ', '  Error: ']) {
        expect(categoryOf(`${lead}${categoryToken(id)} ${prose}${expectLine}`), lead + id).toBe(id);
      }
    }
    // A token in the middle of a message is not a token.
    expect(categoryOf('Error: see [mfa-not-enforced] in the docs')).toBe('harness-defect');
  });

  test('should not file untyped prose under a verdict category', () => {
    expect(categoryOf('Error: login 1 was challenged for device biometrics (…)')).toBe(
      'harness-defect',
    );
    expect(categoryOf('Error: login 2 was not challenged for device biometrics (…)')).toBe(
      'harness-defect',
    );
    expect(categoryOf('UnexpectedScreenError: login 2: stuck on /u/login', 'broken')).toBe(
      'harness-defect',
    );
  });

  test('should keep the category names the reader knows, and compile every pattern', () => {
    expect(FAILURE_CATEGORIES.map((c) => c.id)).toEqual([...FAILURE_CATEGORY_IDS]);
    expect(FAILURE_CATEGORIES.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'Tenant not ready — factor disabled, setting off, binding missing, rate limited',
        'Documented behaviour changed — login 1 was challenged',
        'MFA not enforced — a later login was not challenged',
        'Harness or emulator defect',
      ]),
    );
    // Allure 2 full-matches: every typed message must match its pattern from start to end.
    for (const c of FAILURE_CATEGORIES) {
      const re = new RegExp(`^(?:${c.messageRegex})$`);
      expect(re.test(`Error: ${categoryToken(c.id)} a\nb`), c.id).toBe(true);
    }
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
