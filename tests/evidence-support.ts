/**
 * Builders for the evidence tests: one login's evidence as the recorder would store it, in the
 * shape the emulator produces, with every signal agreeing unless overridden.
 */
import type { LoginEvidence, TenantLogEvent } from '../helpers/evidence/model.ts';

export const CRED = 'Y3JlZGVudGlhbC1pZA==';

/** The log events of a login the tenant recorded completely. */
export function logsOf(challenged: boolean): TenantLogEvent[] {
  return challenged
    ? [
        { date: 'd', type: 'gd_start_auth', authenticatorType: 'webauthn-platform' },
        { date: 'd', type: 'gd_auth_succeed', authenticatorType: 'webauthn-platform' },
        { date: 'd', type: 's' },
      ]
    : [{ date: 'd', type: 's' }];
}

/** A login with an enrolled credential whose signals all say `challenged` (or all say not). */
export function login(
  label: string,
  challenged: boolean,
  overrides: Partial<LoginEvidence> = {},
): LoginEvidence {
  return {
    label,
    startedAt: 1000,
    endedAt: 2000,
    screens: challenged ? [{ path: '/u/mfa-webauthn-platform-challenge', at: 1500 }] : [],
    webauthnCalls: challenged ? [{ kind: 'get', outcome: 'resolved', at: 1500, path: '/u/x' }] : [],
    authenticatorEvents: challenged
      ? [{ kind: 'asserted', at: 1500, credentialId: CRED, signCount: 2 }]
      : [],
    credentialsBefore: [{ credentialId: CRED, rpId: 'localhost', signCount: 1 }],
    credentialsAfter: [{ credentialId: CRED, rpId: 'localhost', signCount: challenged ? 2 : 1 }],
    amr: challenged ? ['mfa'] : null,
    actionsUnderTest: ['Biometric enrollment (e2e)'],
    actionsBound: { at: 900, names: ['Other', 'Biometric enrollment (e2e)'] },
    logs: { status: 'complete', events: logsOf(challenged) },
    ...overrides,
  };
}
