/**
 * The failure of a login is typed by its category: `toMatchDocumentedVerdict` fails with the
 * record's mismatch, whose message starts with the category's token, and the report files it
 * under that category (helpers/report/categories.ts), whatever the prose says.
 */
import { test, expect as base } from '@playwright/test';
import { categoryOf, type FailureCategoryId } from '../helpers/report/categories.ts';
import type { VerdictSubject } from '../helpers/evidence/mismatch.ts';
import type { Expectation, LoginEvidence } from '../helpers/evidence/model.ts';
import { recordLogin } from '../helpers/evidence/verdict.ts';
import { expect } from '../fixtures/verdict-matcher.ts';
import { login } from './evidence-support.ts';

const documented = (verdict: Expectation['verdict']): Expectation => ({
  verdict,
  basis: 'documented',
});
const subject = (e: LoginEvidence, expectation?: Expectation): VerdictSubject => ({
  label: e.label,
  record: recordLogin(e, expectation),
});

/** The assertion's failure message (`''` when it passes). */
function failureOf(s: VerdictSubject): string {
  try {
    expect(s).toMatchDocumentedVerdict();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Asserts the failure starts with the category's token and is filed under that category. */
function expectFiled(message: string, category: FailureCategoryId): void {
  base(message.startsWith(`[${category}] `), message).toBe(true);
  base(categoryOf(message)).toBe(category);
  // As Allure sees it, after Playwright's `Error: ` prefix.
  base(categoryOf(`Error: ${message}\n\n    at spec.ts:1:1`)).toBe(category);
}

test.describe('toMatchDocumentedVerdict: one typed failure per category', () => {
  test('should pass when the verdict is what the spec stated', () => {
    expect(subject(login('login 2', true), documented('challenged'))).toMatchDocumentedVerdict();
    expect(
      subject(login('login 1', false), documented('not-challenged')),
    ).toMatchDocumentedVerdict();
    expect(
      subject(login('login 1', true), { verdict: 'challenged', basis: 'workaround' }),
    ).toMatchDocumentedVerdict();
    expect(
      subject(login('login 2', false), documented('challenged')),
    ).not.toMatchDocumentedVerdict();
  });

  test('should file login 1 challenged as documented behaviour changed, keeping its phrase', () => {
    const message = failureOf(subject(login('login 1', true), documented('not-challenged')));
    expectFiled(message, 'documented-behaviour-changed');
    base(message).toMatch(
      /^\[documented-behaviour-changed\] login 1 was challenged for device biometrics \(.+\), but Auth0 documents that the enrollment transaction is not \(support article "Biometric Prompt Not Triggered on First Login After Enrollment for New Users"\)$/,
    );
  });

  test('should file a later login not challenged as MFA not enforced', () => {
    const message = failureOf(subject(login('login 2', false), documented('challenged')));
    expectFiled(message, 'mfa-not-enforced');
    base(message).toContain('login 2 was not challenged for device biometrics');
  });

  test('should file a workaround regression as such, never as a harness defect', () => {
    const workaround: Expectation = { verdict: 'challenged', basis: 'workaround' };
    const message = failureOf(subject(login('login 1', false), workaround));
    expectFiled(message, 'workaround-regressed');
    base(message).toContain('login 1 was not challenged for device biometrics');
    base(message).toContain('not yet verified on a live tenant');
    base(categoryOf(message)).not.toBe('harness-defect');
  });

  test('should file inconsistent evidence as such, whatever the expectation', () => {
    const contradicted = login('login 1', false, {
      logs: {
        status: 'complete',
        events: [
          { date: 'd', type: 'gd_auth_succeed', authenticatorType: 'webauthn-platform' },
          { date: 'd', type: 's' },
        ],
      },
    });
    for (const expectation of [
      documented('not-challenged'),
      { verdict: 'challenged', basis: 'workaround' } as const,
    ]) {
      const message = failureOf(subject(contradicted, expectation));
      expectFiled(message, 'evidence-inconsistent');
      base(message).toContain('login 1: the evidence is inconsistent');
      base(message).toContain('Tenant log gd_auth_succeed (webauthn): contradicts');
    }
  });

  test('should file a login that started without the Actions under test bound as tenant not ready', () => {
    const unbound = { at: 1, names: ['Someone else’s Action'] };
    // Even when the verdict happens to match: the login proved nothing about the Action.
    const message = failureOf(
      subject(login('login 1', false, { actionsBound: unbound }), documented('not-challenged')),
    );
    expectFiled(message, 'tenant-not-ready');
    base(message).toContain(
      'tenant not ready: login 1 started without "Biometric enrollment (e2e)" bound last',
    );
    // Bindings that could not be read do not fail the login (the deploy step checked them).
    const unread = { at: 1, names: [], error: 'Too Many Requests' };
    expect(
      subject(login('login 1', false, { actionsBound: unread }), documented('not-challenged')),
    ).toMatchDocumentedVerdict();
  });

  test('should file an assertion before the evidence is complete, or without expectation, as a harness defect', () => {
    const early = failureOf({ label: 'login 2', record: undefined });
    expectFiled(early, 'harness-defect');
    base(early).toContain('asserted before its evidence was complete');
    const unstated = failureOf(subject(login('login 2', true)));
    expectFiled(unstated, 'harness-defect');
    base(unstated).toContain('no expectation was stated');
  });

  test('should store the decision once, with its mismatch, in the record every reader reads', () => {
    const record = recordLogin(login('login 2', false), documented('challenged'));
    base(record.decision.verdict).toBe('not-challenged');
    base(record.decision.mismatch?.category).toBe('mfa-not-enforced');
    base(recordLogin(login('login 2', true), documented('challenged')).decision.mismatch).toBe(
      undefined,
    );
  });
});
