/**
 * @module helpers/report/categories
 * The failure categories of the report. They tell a support engineer, before opening anything,
 * which kind of failure it is. Used twice: by allure-playwright (`categories.json` in the
 * results, Allure 2 style) and by the Allure 3 report build (helpers/report/report.ts), which reads
 * categories from its config only. Patterns are full-match safe for Allure 2 and work as
 * `RegExp.test` in 3; first match wins.
 *
 * Categories are typed, not matched on prose: a verdict that breaks its expectation is a
 * `Mismatch` carrying a category id (helpers/evidence/mismatch.ts), and its message STARTS with
 * that category's token, `[<id>]` (`categoryToken`). A message that starts with a token is filed
 * by that token alone, whatever prose follows. Failures the harness does not type:
 * - `TenantNotReadyError` (helpers/tenant/readiness.ts): "tenant not ready: …", and the Management
 *   API's rate limiting (429) → tenant not ready;
 * - anything else (an unexpected screen, a crash) → harness or emulator defect.
 */

/** Every category id, in matching order. */
export const FAILURE_CATEGORY_IDS = [
  'tenant-not-ready',
  'documented-behaviour-changed',
  'mfa-not-enforced',
  'workaround-regressed',
  'evidence-inconsistent',
  'harness-defect',
] as const;
export type FailureCategoryId = (typeof FAILURE_CATEGORY_IDS)[number];

export interface FailureCategory {
  id: FailureCategoryId;
  name: string;
  description: string;
  messageRegex: string;
  matchedStatuses: ('failed' | 'broken')[];
}

/** The token a typed failure message starts with. */
export function categoryToken(id: FailureCategoryId): string {
  return `[${id}]`;
}

/** What may precede the token in a reported message: whitespace, then e.g. `Error: `. */
const LEAD = String.raw`^\s*(?:[\w$.]*Error: )?`;
const tokenRe = (id: FailureCategoryId) => categoryToken(id).replace(/[[\]]/g, (c) => `\\${c}`);
/** Messages that start with a token: filed by their token only. */
const byToken = (id: FailureCategoryId) => `${LEAD}${tokenRe(id)}[\\s\\S]*`;
/** Anchored: not a message that starts with another category's token. */
const untypedOr = (id: FailureCategoryId) => `^(?!${LEAD}\\[(?!${id}\\])[a-z-]+\\])`;

export const FAILURE_CATEGORIES: FailureCategory[] = [
  {
    id: 'tenant-not-ready',
    name: 'Tenant not ready — factor disabled, setting off, binding missing, rate limited',
    description:
      'The tenant was not in the state the journey needs, so the journey proved nothing about Auth0. Fix the tenant (README "Run against your tenant") and run again.',
    messageRegex: `${untypedOr('tenant-not-ready')}[\\s\\S]*(?:${tokenRe('tenant-not-ready')}|tenant not ready:|TooManyRequests|Status code: 429|rate limit)[\\s\\S]*`,
    matchedStatuses: ['failed', 'broken'],
  },
  {
    id: 'documented-behaviour-changed',
    name: 'Documented behaviour changed — login 1 was challenged',
    description:
      'The enrollment transaction (login 1) was challenged for device biometrics, which Auth0 documents it is not: the platform now reads the user fresh at the end of the flow, or the Action changed.',
    messageRegex: byToken('documented-behaviour-changed'),
    matchedStatuses: ['failed'],
  },
  {
    id: 'mfa-not-enforced',
    name: 'MFA not enforced — a later login was not challenged',
    description:
      'A login after the enrollment transaction was not challenged for device biometrics, although the user enrolled them and the Action requires MFA.',
    messageRegex: byToken('mfa-not-enforced'),
    matchedStatuses: ['failed'],
  },
  {
    id: 'workaround-regressed',
    name: 'Workaround regressed — the enrollment transaction was not challenged',
    description:
      'With the documented workaround Action bound, the enrollment transaction was not challenged for device biometrics. The workaround is documented behaviour not yet verified on a live tenant: this is a finding about Auth0 or the workaround, not a harness defect.',
    messageRegex: byToken('workaround-regressed'),
    matchedStatuses: ['failed'],
  },
  {
    id: 'evidence-inconsistent',
    name: 'Evidence inconsistent — the signals disagree',
    description:
      'The browser, the ID token and the tenant logs disagree on whether the login was challenged, so it cannot be decided. See the evidence table: a harness defect, an emulator defect or a tenant that behaves in an undocumented way.',
    messageRegex: byToken('evidence-inconsistent'),
    matchedStatuses: ['failed'],
  },
  {
    id: 'harness-defect',
    name: 'Harness or emulator defect',
    description:
      'Anything else: a defect of the harness, of the embedded tenant, or an unexpected screen. See the evidence table and the timelines.',
    messageRegex: '[\\s\\S]*',
    matchedStatuses: ['failed', 'broken'],
  },
];

/** The category Allure files a failure with `message` under (first match wins). */
export function categoryOf(
  message: string,
  status: 'failed' | 'broken' = 'failed',
): FailureCategoryId | undefined {
  return FAILURE_CATEGORIES.find(
    (c) => c.matchedStatuses.includes(status) && new RegExp(c.messageRegex).test(message),
  )?.id;
}

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
