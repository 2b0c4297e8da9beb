import { test, expect } from '@playwright/test';
import {
  decide,
  mismatchMessage,
  renderEvidenceMarkdown,
  type LoginEvidence,
} from '../helpers/evidence.ts';
import { Redactor } from '../helpers/redact.ts';
import { TotpDevice, totpStep } from '../helpers/totp.ts';

function login(
  label: string,
  challenged: boolean,
  overrides: Partial<LoginEvidence> = {},
): LoginEvidence {
  const cred = 'Y3JlZGVudGlhbC1pZA==';
  return {
    label,
    startedAt: 1000,
    endedAt: 2000,
    screens: challenged ? [{ path: '/u/mfa-webauthn-platform-challenge', at: 1500 }] : [],
    webauthnCalls: challenged ? [{ kind: 'get', outcome: 'resolved', at: 1500, path: '/u/x' }] : [],
    authenticatorEvents: challenged
      ? [{ kind: 'asserted', at: 1500, credentialId: cred, signCount: 2 }]
      : [],
    credentialsBefore: [{ credentialId: cred, rpId: 'localhost', signCount: 1 }],
    credentialsAfter: [{ credentialId: cred, rpId: 'localhost', signCount: challenged ? 2 : 1 }],
    amr: challenged ? ['mfa'] : null,
    logs: {
      status: 'complete',
      events: challenged
        ? [
            { date: 'd', type: 'gd_start_auth', authenticatorType: 'webauthn-platform' },
            { date: 'd', type: 'gd_auth_succeed', authenticatorType: 'webauthn-platform' },
            { date: 'd', type: 's' },
          ]
        : [{ date: 'd', type: 's' }],
    },
    ...overrides,
  };
}

test.describe('helpers/evidence: the challenge decision', () => {
  test('should decide challenged and not-challenged when every signal agrees', () => {
    expect(decide(login('login 2', true)).verdict).toBe('challenged');
    expect(decide(login('login 1', false)).verdict).toBe('not-challenged');
    expect(mismatchMessage(login('login 2', true), 'challenged')).toBeUndefined();
  });

  test('should call disagreeing signals inconsistent and name them', () => {
    const e = login('login 2', true, { authenticatorEvents: [] });
    expect(decide(e).verdict).toBe('inconsistent');
    expect(mismatchMessage(e, 'challenged')).toMatch(
      /^login 2: the evidence is inconsistent \(.*CDP WebAuthn.credentialAsserted: no/,
    );
  });

  test('should require amr mfa when the browser saw a challenge', () => {
    expect(decide(login('login 2', true, { amr: ['pwd'] })).verdict).toBe('inconsistent');
  });

  test('should not count logs that have not arrived as evidence either way', () => {
    const e = login('login 2', true, { logs: { status: 'incomplete', events: [] } });
    expect(decide(e).verdict).toBe('challenged');
  });

  test('should ignore conditional-mediation get calls (passkey autofill is not a prompt)', () => {
    const e = login('login 1', false, {
      webauthnCalls: [
        { kind: 'get', outcome: 'pending', at: 1500, path: '/u/login', mediation: 'conditional' },
      ],
    });
    expect(decide(e).verdict).toBe('not-challenged');
  });

  test('should name the login and the support article in the failure message', () => {
    expect(mismatchMessage(login('login 1', true), 'not-challenged')).toMatch(
      /^login 1 was challenged for device biometrics \(.+\), but Auth0 documents that the enrollment transaction is not \(support article "Biometric Prompt Not Triggered on First Login After Enrollment for New Users"\)$/,
    );
    expect(mismatchMessage(login('login 2', false), 'challenged')).toMatch(
      /^login 2 was not challenged/,
    );
    expect(renderEvidenceMarkdown([login('login 1', false), login('login 2', true)])).toContain(
      '| **Verdict** | **not-challenged** | **challenged** |',
    );
  });
});

test.describe('helpers/redact', () => {
  test('should remove registered secrets, TOTP secrets in every shown form, JWTs and otpauth URIs', () => {
    const r = new Redactor(['client-secret-value-123']);
    r.add('Pa55word!Pa55word', 'password');
    r.add('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'totp-secret');
    const text = [
      'client-secret-value-123',
      'Pa55word!Pa55word',
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
      'jbswy3dpehpk3pxpjbswy3dpehpk3pxp',
      'otpauth://totp/x?secret=ABC&issuer=y',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      'http://localhost:3000/callback?code=abc123&state=s',
    ].join('\n');
    const out = r.redact(text);
    expect(r.leaks(out)).toBe(false);
    expect(out).not.toMatch(/otpauth:|eyJhbGci|code=abc123|JBSW/i);
    expect(out).toContain('[REDACTED:password]');
  });
});

test.describe('helpers/totp', () => {
  test('should never hand out two codes from the same 30 s step', async () => {
    test.setTimeout(45_000);
    const device = new TotpDevice('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const first = await device.nextCode();
    const stepOfFirst = totpStep();
    const second = await device.nextCode();
    expect(totpStep()).toBeGreaterThan(stepOfFirst);
    expect(second).toMatch(/^\d{6}$/);
    expect(first).toMatch(/^\d{6}$/);
  });
});
