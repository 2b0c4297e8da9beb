/**
 * @module helpers/evidence/verdict
 * The decision "was the user challenged for device biometrics?", computed ONCE per login when
 * its evidence is complete (`recordLogin`), and stored in the `LoginRecord` that the timeline,
 * the evidence tables, the failure category and the assertion all read.
 *
 * The decision table (tests/evidence-verdict.test.ts covers every row):
 *
 * | browser's biometric signals | `amr` has `mfa` | tenant logs        | verdict          |
 * |-----------------------------|-----------------|--------------------|------------------|
 * | all yes                     | yes             | present or absent  | `challenged`     |
 * | all yes                     | no / missing    | any                | `inconsistent`   |
 * | all no                      | any             | present or absent  | `not-challenged` |
 * | all no                      | any             | one contradicts    | `inconsistent`   |
 * | some yes, some no           | any             | any                | `inconsistent`   |
 *
 * Unobservable signals (a sign count with no credential yet) are left out. The user as the
 * Management API showed it before the login is never read here: it corroborates the story on
 * the timeline, it is not a signal.
 */
import { mismatchOf } from './mismatch.ts';
import type {
  Decision,
  Expectation,
  LoginEvidence,
  LoginRecord,
  LogSignal,
  Signal,
} from './model.ts';
import { browserSays, browserSignalsOf, logSignalsOf } from './signals.ts';

const yesNo = (s: Signal) => `${s.name}: ${s.value === null ? 'n/a' : s.value ? 'yes' : 'no'}`;
const stateOf = (s: LogSignal) => `${s.name}: ${s.state}`;

/** The verdict of one login from its evidence, without its expectation. */
export function decide(e: LoginEvidence): Omit<Decision, 'mismatch'> {
  const signals = browserSignalsOf(e);
  const browser = browserSays(signals);
  const logSignals = logSignalsOf(e, browser);
  const bio = signals.filter((s) => s.kind === 'biometric' && s.value !== null);
  const amr = signals.find((s) => s.kind === 'mfa') as Signal;
  const contradictions = logSignals.filter((s) => s.state === 'contradicts');
  const result = (verdict: Decision['verdict'], because: string) => ({
    verdict,
    signals,
    logSignals,
    because,
  });
  if (bio.length === 0) return result('inconsistent', 'no biometric signal observable');
  if (browser === undefined) return result('inconsistent', bio.map(yesNo).join('; '));
  if (browser) {
    if (amr.value !== true) return result('inconsistent', [...bio, amr].map(yesNo).join('; '));
    return result('challenged', [...bio, amr].map(yesNo).join('; '));
  }
  if (contradictions.length > 0) {
    return result('inconsistent', [...bio.map(yesNo), ...contradictions.map(stateOf)].join('; '));
  }
  return result('not-challenged', bio.map(yesNo).join('; '));
}

/**
 * Stores one login once its evidence is complete: the decision, and the mismatch with the
 * expectation (or the preconditions) when there is one.
 */
export function recordLogin(evidence: LoginEvidence, expectation?: Expectation): LoginRecord {
  const decision = decide(evidence);
  const mismatch = mismatchOf(evidence, expectation, decision);
  return {
    label: evidence.label,
    evidence,
    ...(expectation ? { expectation } : {}),
    decision: mismatch ? { ...decision, mismatch } : decision,
  };
}
