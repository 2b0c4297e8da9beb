/**
 * The decision table (helpers/evidence/verdict.ts): the browser's signals and the ID token's
 * `amr` decide, tenant log events only corroborate, and only a contradicting log event makes a
 * login `inconsistent` (live-fidelity L2, R6).
 */
import { test, expect } from '@playwright/test';
import type { LoginEvidence, LogSignal } from '../helpers/evidence/model.ts';
import { decide } from '../helpers/evidence/verdict.ts';
import { login } from './evidence-support.ts';

const stateOf = (e: LoginEvidence, type: string): LogSignal['state'] | undefined =>
  decide(e).logSignals.find((s) => s.name.startsWith(`Tenant log ${type} `))?.state;

test.describe('helpers/evidence/verdict: the decision table', () => {
  test('should decide challenged and not-challenged when every signal agrees', () => {
    const challenged = login('login 2', true);
    expect(decide(challenged).verdict).toBe('challenged');
    expect(stateOf(challenged, 'gd_start_auth')).toBe('present');
    expect(stateOf(challenged, 'gd_auth_succeed')).toBe('present');
    const not = login('login 1', false);
    expect(decide(not).verdict).toBe('not-challenged');
    expect(stateOf(not, 'gd_auth_succeed')).toBe('absent');
  });

  test('should call it inconsistent when one browser signal disagrees, and name the signals', () => {
    const e = login('login 2', true, { authenticatorEvents: [] });
    const d = decide(e);
    expect(d.verdict).toBe('inconsistent');
    expect(d.because).toContain('CDP WebAuthn.credentialAsserted: no');
    expect(d.because).toContain('Biometric challenge screen visited: yes');
    // The browser disagrees with itself: no log event can contradict it, they are only shown.
    expect(stateOf(e, 'gd_auth_succeed')).toBe('present');
  });

  test('should not let a missing gd_start_auth or gd_auth_succeed decide (live-fidelity L2)', () => {
    // A live tenant may write neither for a Universal Login device-biometrics challenge: the
    // logs are complete (the closing `s` arrived) and the browser proves the challenge.
    const e = login('login 2', true, {
      logs: { status: 'complete', events: [{ date: 'd', type: 's' }] },
    });
    expect(decide(e).verdict).toBe('challenged');
    expect(stateOf(e, 'gd_start_auth')).toBe('absent');
    expect(stateOf(e, 'gd_auth_succeed')).toBe('absent');
  });

  test('should keep the verdict when the logs did not arrive or could not be read', () => {
    for (const status of ['incomplete', 'unavailable'] as const) {
      const logs = { status, events: [], note: 'GET /api/v2/logs failed' };
      const challenged = login('login 2', true, { logs });
      expect(decide(challenged).verdict).toBe('challenged');
      expect(stateOf(challenged, 's')).toBe('absent');
      expect(decide(login('login 1', false, { logs })).verdict).toBe('not-challenged');
    }
  });

  test('should call it inconsistent when a webauthn log event contradicts a browser that saw no challenge', () => {
    for (const type of ['gd_auth_succeed', 'gd_start_auth']) {
      const e = login('login 1', false, {
        logs: {
          status: 'complete',
          events: [
            { date: 'd', type, authenticatorType: 'webauthn-platform' },
            { date: 'd', type: 's' },
          ],
        },
      });
      const d = decide(e);
      expect(d.verdict, type).toBe('inconsistent');
      expect(stateOf(e, type)).toBe('contradicts');
      expect(d.because).toContain(`Tenant log ${type} (webauthn): contradicts`);
    }
  });

  test('should not count an OTP challenge or mfar as contradicting a biometric not-challenged', () => {
    const e = login('login 2', false, {
      amr: ['mfa'],
      logs: {
        status: 'complete',
        events: [
          { date: 'd', type: 'mfar' },
          { date: 'd', type: 'gd_start_auth', authenticatorType: 'otp' },
          { date: 'd', type: 'gd_auth_succeed', authenticatorType: 'otp' },
          { date: 'd', type: 's' },
        ],
      },
    });
    expect(decide(e).verdict).toBe('not-challenged');
    expect(stateOf(e, 'mfar')).toBe('present');
    expect(stateOf(e, 'gd_auth_succeed')).toBe('absent');
  });

  test('should require amr mfa when the browser saw a challenge', () => {
    expect(decide(login('login 2', true, { amr: ['pwd'] })).verdict).toBe('inconsistent');
    const missing = decide(login('login 2', true, { amr: null }));
    expect(missing.verdict).toBe('inconsistent');
    expect(missing.because).toContain('ID token amr contains "mfa": no');
  });

  test('should leave out a sign count that cannot be observed (no credential yet)', () => {
    const e = login('login 1', false, { credentialsBefore: [], credentialsAfter: [] });
    const d = decide(e);
    expect(d.verdict).toBe('not-challenged');
    expect(d.signals.find((s) => s.name === 'Credential sign count increased')?.value).toBeNull();
  });

  test('should ignore conditional-mediation get calls (passkey autofill is not a prompt)', () => {
    const e = login('login 1', false, {
      webauthnCalls: [
        { kind: 'get', outcome: 'pending', at: 1500, path: '/u/login', mediation: 'conditional' },
      ],
    });
    expect(decide(e).verdict).toBe('not-challenged');
  });

  test('should never read the user before the login (corroboration, not a signal)', () => {
    const base = login('login 2', true);
    const withUser = login('login 2', true, {
      userBefore: { at: 1, exists: true, factors: [], biometrics: false },
    });
    expect(decide(withUser)).toEqual(decide(base));
  });
});
