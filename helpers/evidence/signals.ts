/**
 * @module helpers/evidence/signals
 * The signals of one login. The browser's signals (the challenge screen,
 * `navigator.credentials.get`, the CDP assertion, the sign count) and the ID token's `amr`
 * decide (landscape.md §2.4). The tenant's log events corroborate: which `gd_*` events a
 * Universal Login device-biometrics challenge writes is not publicly documented (live-fidelity
 * L2, R6), so a missing event is `absent` and changes nothing; only an event that says the
 * opposite of the browser (`contradicts`) makes the verdict `inconsistent`.
 */
import {
  BIOMETRIC_CHALLENGE_PATH,
  BIOMETRIC_ENROLLMENT_PATH,
  type LoginEvidence,
  type LogSignal,
  type Signal,
  type TenantLogEvent,
  type WebAuthnCall,
} from './model.ts';

/** Whether a `gd_*` event is about device biometrics (`details.authenticator.type`). */
export const isWebAuthn = (e: TenantLogEvent) => /webauthn/i.test(e.authenticatorType ?? '');

function signCountIncreased(e: LoginEvidence): boolean | null {
  const before = new Map(e.credentialsBefore.map((c) => [c.credentialId, c.signCount]));
  // A credential created in this window starts from the count it was created with.
  for (const added of e.authenticatorEvents.filter((a) => a.kind === 'added')) {
    if (!before.has(added.credentialId)) before.set(added.credentialId, added.signCount);
  }
  if (before.size === 0) return null;
  return e.credentialsAfter.some(
    (c) => before.has(c.credentialId) && c.signCount > (before.get(c.credentialId) as number),
  );
}

const outcomes = (calls: WebAuthnCall[]) =>
  calls.length === 0
    ? 'none'
    : calls.map((c) => `${c.outcome}${c.error ? ` (${c.error})` : ''}`).join(', ');

/** The browser's and the ID token's signals, in the order the evidence table shows them. */
export function browserSignalsOf(e: LoginEvidence): Signal[] {
  const visited = e.screens.map((s) => s.path);
  const gets = e.webauthnCalls.filter((c) => c.kind === 'get' && c.mediation !== 'conditional');
  const creates = e.webauthnCalls.filter((c) => c.kind === 'create');
  const asserted = e.authenticatorEvents.filter((a) => a.kind === 'asserted').length;
  const added = e.authenticatorEvents.filter((a) => a.kind === 'added').length;
  const increased = signCountIncreased(e);
  return [
    {
      name: 'Biometric challenge screen visited',
      kind: 'biometric',
      value: visited.includes(BIOMETRIC_CHALLENGE_PATH),
      detail: BIOMETRIC_CHALLENGE_PATH,
    },
    {
      name: 'navigator.credentials.get called',
      kind: 'biometric',
      value: gets.length > 0,
      detail: `${gets.length} call(s): ${outcomes(gets)}`,
    },
    {
      name: 'CDP WebAuthn.credentialAsserted',
      kind: 'biometric',
      value: asserted > 0,
      detail: `${asserted} event(s)`,
    },
    {
      name: 'Credential sign count increased',
      kind: 'biometric',
      value: increased,
      detail:
        increased === null
          ? 'no credential on the authenticator'
          : e.credentialsAfter
              .map((c) => `${c.credentialId.slice(0, 8)}…: ${c.signCount}`)
              .join(', '),
    },
    {
      name: 'ID token amr contains "mfa"',
      kind: 'mfa',
      value: e.amr === null ? false : e.amr.includes('mfa'),
      detail: e.amr === null ? 'no amr claim' : JSON.stringify(e.amr),
    },
    {
      name: 'Biometric enrollment screen visited',
      kind: 'info',
      value: visited.includes(BIOMETRIC_ENROLLMENT_PATH),
      detail: BIOMETRIC_ENROLLMENT_PATH,
    },
    {
      name: 'navigator.credentials.create called / credentialAdded',
      kind: 'info',
      value: creates.length > 0 || added > 0,
      detail: `${creates.length} call(s): ${outcomes(creates)}; ${added} credential(s) added`,
    },
  ];
}

/**
 * What the browser's biometric signals say on their own: `true`/`false` when they all agree,
 * `undefined` when they disagree (then no log event can contradict them).
 */
export function browserSays(signals: Signal[]): boolean | undefined {
  const values = signals.filter((s) => s.kind === 'biometric' && s.value !== null);
  if (values.length === 0) return undefined;
  if (values.every((s) => s.value === true)) return true;
  if (values.every((s) => s.value === false)) return false;
  return undefined;
}

/**
 * The tenant log signals of a login, given what the browser says.
 * A webauthn `gd_start_auth` ("Second factor started") or `gd_auth_succeed` ("MFA Auth
 * success") in a login in which the browser saw no challenge at all contradicts it. Their
 * absence in a challenged login does not: Auth0 does not document that a Universal Login
 * device-biometrics challenge writes them (live-fidelity L2; the emulator writes both,
 * emulator/login/mfa-screen.ts). Treating a webauthn `gd_start_auth` in an uncontested
 * not-challenged login as a contradiction is the stricter reading, unconfirmed on live.
 */
export function logSignalsOf(e: LoginEvidence, browser: boolean | undefined): LogSignal[] {
  const { status, note } = e.logs;
  const arrival =
    status === 'complete'
      ? 'logs complete'
      : `logs ${status}${note ? `: ${note}` : ''} — not arrived is not evidence`;
  const challengeEvent = (type: string, what: string): LogSignal => {
    const found = e.logs.events.filter((l) => l.type === type && isWebAuthn(l));
    const name = `Tenant log ${type} (webauthn)`;
    if (found.length === 0) {
      const why =
        browser === false
          ? 'none, as the browser saw no challenge'
          : 'not documented for Universal Login device biometrics (live-fidelity L2)';
      return { name, state: 'absent', detail: `${arrival}; ${why}` };
    }
    if (browser === false) {
      return {
        name,
        state: 'contradicts',
        detail: `${found.length} event(s) saying ${what}, but the browser saw no challenge`,
      };
    }
    return { name, state: 'present', detail: `${found.length} event(s): ${what}` };
  };
  const mfar = e.logs.events.filter((l) => l.type === 'mfar').length;
  const closed = e.logs.events.some((l) => l.type === 's');
  return [
    challengeEvent('gd_start_auth', 'a webauthn second factor started'),
    challengeEvent('gd_auth_succeed', 'a webauthn MFA succeeded'),
    {
      name: 'Tenant log s (Success Login)',
      state: closed ? 'present' : 'absent',
      detail: arrival,
    },
    {
      // Auth0 documents `mfar` for the Resource Owner Password flow only (live-fidelity L4);
      // the emulator also writes it in Universal Login. Shown, never contradicts.
      name: 'Tenant log mfar (MFA required)',
      state: mfar > 0 ? 'present' : 'absent',
      detail: `${mfar} event(s); documented for the password grant only, shown for the reader`,
    },
  ];
}
