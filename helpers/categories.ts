/**
 * @module helpers/categories
 * The failure categories of the report, matched in order on the failure message (first match
 * wins). They tell a support engineer, before opening anything, which kind of failure it is.
 * Used twice: by allure-playwright (`categories.json` in the results, Allure 2 style) and by
 * the Allure 3 report build (helpers/report.ts), which reads categories from its config only.
 * Patterns are full-match safe (`[\s\S]*` around) for Allure 2 and work as `RegExp.test` in 3.
 *
 * The messages they match are produced by the harness itself:
 * - helpers/evidence `mismatchMessage`: "login 1 was challenged …", "login 2 was not challenged …";
 * - helpers/readiness `TenantNotReadyError`: "tenant not ready: …".
 */

export interface FailureCategory {
  id: string;
  name: string;
  description: string;
  messageRegex: string;
  matchedStatuses: ('failed' | 'broken')[];
}

export const FAILURE_CATEGORIES: FailureCategory[] = [
  {
    id: 'tenant-not-ready',
    name: 'Tenant not ready — factor disabled, setting off, binding missing, rate limited',
    description:
      'The tenant was not in the state the journey needs, so the journey proved nothing about Auth0. Fix the tenant (README "Run against your tenant") and run again.',
    messageRegex:
      '[\\s\\S]*(?:tenant not ready:|TooManyRequests|Status code: 429|rate limit)[\\s\\S]*',
    matchedStatuses: ['failed', 'broken'],
  },
  {
    id: 'documented-behaviour-changed',
    name: 'Documented behaviour changed — login 1 was challenged',
    description:
      'The enrollment transaction (login 1) was challenged for device biometrics, which Auth0 documents it is not: the platform now reads the user fresh at the end of the flow, or the Action changed.',
    messageRegex: '[\\s\\S]*\\blogin 1 was challenged[\\s\\S]*',
    matchedStatuses: ['failed'],
  },
  {
    id: 'mfa-not-enforced',
    name: 'MFA not enforced — a later login was not challenged',
    description:
      'A login after the enrollment transaction was not challenged for device biometrics, although the user enrolled them and the Action requires MFA.',
    messageRegex: '[\\s\\S]*\\blogin (?:[2-9]|\\d{2,}) was not challenged[\\s\\S]*',
    matchedStatuses: ['failed'],
  },
  {
    id: 'harness-or-emulator-defect',
    name: 'Harness or emulator defect',
    description:
      'Anything else, including evidence whose signals disagree: a defect of the harness, of the embedded tenant, or an unexpected screen. See the evidence table and the timelines.',
    messageRegex: '[\\s\\S]*',
    matchedStatuses: ['failed', 'broken'],
  },
];

/** The same categories for an Allure 3 config (`categories.rules`). */
export function allure3Categories(): {
  rules: { id: string; name: string; matchers: { statuses: string[]; message: string } }[];
} {
  return {
    rules: FAILURE_CATEGORIES.map((c) => ({
      id: c.id,
      name: c.name,
      matchers: { statuses: c.matchedStatuses, message: c.messageRegex },
    })),
  };
}
