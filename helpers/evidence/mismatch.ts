/**
 * @module helpers/evidence/mismatch
 * When a login's verdict breaks what its spec stated, the failure is a `VerdictMismatch` typed
 * by its category (helpers/report/categories.ts), and its message starts with that category's token:
 *
 * | what happened                                              | category                       |
 * |------------------------------------------------------------|--------------------------------|
 * | the Actions under test were not bound last when it started | `tenant-not-ready`             |
 * | verdict `inconsistent`                                     | `evidence-inconsistent`        |
 * | workaround expectation broken                              | `workaround-regressed`         |
 * | documented `not-challenged`, got `challenged`              | `documented-behaviour-changed` |
 * | documented `challenged`, got `not-challenged`              | `mfa-not-enforced`             |
 * | no record (evidence not complete) or no expectation        | `harness-defect`               |
 *
 * The phrases "login 1 was challenged" and "login N was not challenged" are kept for readers
 * (tests/failing-journey.test.ts looks for the first); the category comes from the token only.
 */
import { categoryToken, type FailureCategoryId } from '../report/categories.ts';
import type {
  Decision,
  Expectation,
  LoginEvidence,
  LoginRecord,
  Verdict,
  VerdictMismatch,
} from './model.ts';

const ARTICLE =
  'support article "Biometric Prompt Not Triggered on First Login After Enrollment for New Users"';
/** How e2e/biometric-workaround.spec.ts labels the workaround. */
export const UNVERIFIED = 'documented behaviour, not yet verified on a live tenant';

const mismatch = (category: FailureCategoryId, text: string): VerdictMismatch => ({
  category,
  message: `${categoryToken(category)} ${text}`,
});

/** Whether the Actions under test were the last post-login bindings, in order (never throws). */
function bindingsProblem(e: LoginEvidence): string | undefined {
  const wanted = e.actionsUnderTest;
  const bound = e.actionsBound;
  // Not read (the read failed, e.g. rate limited): the deploy step verified them already.
  if (!wanted || wanted.length === 0 || !bound || bound.error) return undefined;
  const last = bound.names.slice(-wanted.length);
  if (last.length === wanted.length && last.every((n, i) => n === wanted[i])) return undefined;
  return `tenant not ready: ${e.label} started without ${wanted.map((n) => `"${n}"`).join(' then ')} bound last in post-login (bound: ${bound.names.join(' → ') || 'none'}); the login proves nothing about the Action under test`;
}

const challengedText = (v: Verdict) =>
  v === 'challenged' ? 'was challenged' : 'was not challenged';

/**
 * The mismatch of one login, or `undefined` when its verdict is what its spec stated.
 * Without an expectation only the preconditions are checked.
 */
export function mismatchOf(
  e: LoginEvidence,
  expectation: Expectation | undefined,
  decision: Pick<Decision, 'verdict' | 'because'>,
): VerdictMismatch | undefined {
  const notReady = bindingsProblem(e);
  if (notReady) return mismatch('tenant-not-ready', notReady);
  if (!expectation || decision.verdict === expectation.verdict) return undefined;
  const { verdict, because } = decision;
  if (verdict === 'inconsistent') {
    return mismatch(
      'evidence-inconsistent',
      `${e.label}: the evidence is inconsistent (${because}), so it cannot be decided whether it was challenged for device biometrics; see the attached evidence table`,
    );
  }
  if (expectation.basis === 'workaround') {
    return mismatch(
      'workaround-regressed',
      `${e.label} ${challengedText(verdict)} for device biometrics (${because}), but with the workaround Action bound it should be ${expectation.verdict} (auth0-behaviour.md §1.4 item 2). The workaround is ${UNVERIFIED}; see the attached evidence table`,
    );
  }
  if (verdict === 'challenged') {
    return mismatch(
      'documented-behaviour-changed',
      `${e.label} was challenged for device biometrics (${because}), but Auth0 documents that the enrollment transaction is not (${ARTICLE})`,
    );
  }
  return mismatch(
    'mfa-not-enforced',
    `${e.label} was not challenged for device biometrics (${because}), but Auth0 documents that every login after the enrollment transaction is (${ARTICLE})`,
  );
}

/** What the assertion reads: a login and, once its evidence is complete, its record. */
export interface VerdictSubject {
  readonly label: string;
  readonly record: LoginRecord | undefined;
}

/**
 * What the assertion fails with for `subject`, or `undefined` when it holds. A login asserted
 * before its evidence is complete, or without an expectation, is a harness defect.
 */
export function assertionMismatch(subject: VerdictSubject): VerdictMismatch | undefined {
  const { record } = subject;
  if (!record) {
    return mismatch(
      'harness-defect',
      `${subject.label}: asserted before its evidence was complete (call journey.attachEvidence() first, so that a failing run carries its evidence)`,
    );
  }
  if (!record.expectation) {
    // Preconditions still come first: a tenant that was not ready proves nothing either way.
    if (record.decision.mismatch) return record.decision.mismatch;
    return mismatch(
      'harness-defect',
      `${record.label}: no expectation was stated for this login (journey.login(n, kind, { expect }))`,
    );
  }
  return record.decision.mismatch;
}
