/**
 * @module helpers/evidence/story
 * The sentences the timeline tells about one login, from its stored `LoginRecord`: the
 * verdict against the expectation, why it breaks it (by the failure category the decision
 * stored, never re-deriving it), the user before the login and the Actions bound. The user as
 * the Management API showed it is corroboration, not a signal: no verdict reads it.
 */
import type { FailureCategoryId } from '../report/categories.ts';
import {
  BIOMETRIC_CHALLENGE_PATH,
  type LoginEvidence,
  type LoginRecord,
  type Verdict,
} from './model.ts';
import { isWebAuthn } from './signals.ts';

/** The verdict as the timeline's banner says it. */
export const verdictText = (v: Verdict) =>
  v === 'challenged'
    ? 'challenged for device biometrics'
    : v === 'not-challenged'
      ? 'NOT challenged for device biometrics'
      : 'inconsistent evidence';

/** The user as the Management API showed it before the login, one line per fact. */
export function describeUser(e: LoginEvidence): string[] {
  const u = e.userBefore;
  if (!u) return ['not captured'];
  if (u.error) return [`could not be read: ${u.error}`];
  if (!u.exists)
    return ['no user with this email yet: this login signs the user up', 'enrolled factors: none'];
  return [
    `app_metadata.biometrics = ${u.biometrics === undefined ? '(not set)' : JSON.stringify(u.biometrics)}`,
    `enrolled factors (authentication methods) = ${u.factors && u.factors.length > 0 ? u.factors.join(', ') : 'none'}` +
      (u.loginsCount === undefined ? '' : `   ·   logins_count = ${u.loginsCount}`),
  ];
}

const secs = (e: LoginEvidence, at: number) => `+${((at - e.startedAt) / 1000).toFixed(2)} s`;

/** One sentence a support engineer can paste: what broke the expectation, from the data. */
export function explain(r: LoginRecord): string {
  const { evidence: e, expectation, decision } = r;
  const category: FailureCategoryId | undefined = decision.mismatch?.category;
  if (category === 'tenant-not-ready')
    return 'Tenant not ready: the Actions under test were not the last post-login bindings when this login started (see below), so it proves nothing about them.';
  if (!expectation) return '';
  if (category === 'evidence-inconsistent') {
    const contradicts = decision.logSignals.some((s) => s.state === 'contradicts');
    return `The signals disagree${contradicts ? ' (a tenant log event contradicts the browser)' : ''}, so this login cannot be decided: see the signals below (a harness, emulator or tenant defect).`;
  }
  if (!category) {
    if (expectation.basis === 'workaround')
      return 'As the documented workaround intends: device biometrics were challenged in this transaction.';
    return expectation.verdict === 'challenged'
      ? 'As documented: the user had device biometrics before this login, and was challenged for them.'
      : 'As documented: the biometric factor enrolled during this transaction was not challenged in it.';
  }
  const u = e.userBefore;
  const had = !u
    ? 'the user before the login was not captured'
    : !u.exists
      ? 'the user did not exist before this login'
      : `before this login the user had ${u.factors?.length ? `factors ${u.factors.join(', ')}` : 'no factor'}`;
  if (category === 'workaround-regressed') {
    return `Why it fails: ${had}; with the workaround Action bound, this transaction was ${decision.verdict === 'challenged' ? '' : 'not '}challenged for device biometrics: the documented workaround (not yet verified on a live tenant) did not take effect.`;
  }
  if (category === 'documented-behaviour-changed') {
    const enrolled = e.logs.events.find(
      (l) => l.type === 'gd_enrollment_complete' && isWebAuthn(l),
    );
    const challenge = e.screens.find((sc) => sc.path === BIOMETRIC_CHALLENGE_PATH);
    const when =
      enrolled && challenge
        ? `device biometrics were enrolled at ${secs(e, Date.parse(enrolled.date))} and challenged at ${secs(e, challenge.at)} in the SAME transaction`
        : 'device biometrics were challenged in this transaction';
    return `Why it fails: ${had}; ${when}. The MFA decision saw a factor enrolled moments earlier, whereas Auth0 documents that it reads the start-of-login snapshot (the user as shown below).`;
  }
  return `Why it fails: ${had}${u?.biometrics !== undefined ? ` and app_metadata.biometrics ${JSON.stringify(u.biometrics)}` : ''}, yet no device-biometrics challenge happened: MFA with device biometrics was not enforced.`;
}

/** The post-login Actions bound when the login started. */
export function describeActions(e: LoginEvidence): string {
  const a = e.actionsBound;
  if (!a) return 'post-login Actions: not captured';
  if (a.error) return `post-login Actions: could not be read: ${a.error}`;
  const ran = e.logs.events.some((l) => l.type === 's');
  return `post-login Actions bound, in order: ${a.names.join(' → ') || '(none)'}${
    ran ? '   ·   they ran after the first factor (the transaction ended in a Success Login)' : ''
  }`;
}

/** The banner's first line: the verdict against the expectation. */
export function headlineOf(r: LoginRecord): string {
  const { label, expectation, decision } = r;
  const { verdict, mismatch } = decision;
  if (mismatch?.category === 'tenant-not-ready')
    return `✗ ${label}: tenant not ready — ${verdictText(verdict)}, which proves nothing`;
  if (!expectation) return `${label}: ${verdictText(verdict)}`;
  const source = expectation.basis === 'workaround' ? 'the workaround expects' : 'Auth0 documents';
  return mismatch
    ? `✗ ${label}: ${verdictText(verdict)} — ${source}: ${verdictText(expectation.verdict)}`
    : `✓ ${label}: ${verdictText(verdict)}, as ${expectation.basis === 'workaround' ? 'the workaround intends' : 'Auth0 documents'}`;
}
