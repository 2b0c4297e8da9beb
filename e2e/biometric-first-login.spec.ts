/**
 * The journey of Auth0's support article "Biometric Prompt Not Triggered on First Login After
 * Enrollment for New Users" (auth0-behaviour.md §1.4): a new user signs up, and the post-login
 * Action enrolls OTP and device biometrics in that same transaction (login 1). Auth0 documents
 * that login 1 is not challenged for biometrics (the MFA evaluation reads the transaction's
 * start-of-login snapshot) and that the next logins (2 and 3) are.
 */
import { expect, test } from '../fixtures/index.ts';
import { decide, mismatchMessage, type Verdict } from '../helpers/evidence.ts';
import { TenantNotReadyError } from '../helpers/readiness.ts';

test.describe('Device biometrics on the first logins of a new user', () => {
  test('should not challenge the enrollment transaction (login 1) but challenge logins 2 and 3', async ({
    journey,
    deployment,
  }) => {
    await journey.reportRun({
      story: 'Biometric prompt not triggered on first login after enrollment',
      description: [
        'Auth0 documents that login 1 (sign-up; the Action enrolls OTP and device biometrics) is **not**',
        'challenged for device biometrics, and that logins 2 and 3 are.',
        '',
        'When it fails: the **Category** says what kind of failure it is; the error names the login.',
        'Open step **timelines and evidence table** → **timeline · login N** for that login: the verdict',
        'against the documentation and why, the user before the login (what the decision read), and every',
        'screen, WebAuthn call, authenticator event, tenant log event and the ID token’s `amr` in time order.',
      ],
      parameters: { 'Action version': String(deployment.versionNumber ?? 'unknown') },
      runEnvironment: true,
      deploy: {
        title: `deploy: "${deployment.actionName}" v${deployment.versionNumber ?? '?'} bound to post-login`,
        verify: ({ actionName, bindings }) => {
          if (bindings.at(-1) !== actionName) {
            throw new TenantNotReadyError(
              `binding missing: "${actionName}" is not the last post-login binding (bindings: ${bindings.join(', ') || 'none'})`,
            );
          }
        },
      },
    });

    const login1 = await journey.login(1, 'signup', { expect: 'not-challenged' });
    await journey.markTestUser();
    await journey.logOut(1);
    const login2 = await journey.login(2, 'login', { expect: 'challenged' });
    await journey.logOut(2);
    const login3 = await journey.login(3, 'login', { expect: 'challenged' });
    // Attached before asserting: a failing run carries its timelines and evidence table.
    await journey.attachEvidence('timelines and evidence table');

    const expected: [typeof login1, Exclude<Verdict, 'inconsistent'>][] = [
      [login1, 'not-challenged'],
      [login2, 'challenged'],
      [login3, 'challenged'],
    ];
    for (const [{ evidence: e }, verdict] of expected) {
      expect(decide(e).verdict, mismatchMessage(e, verdict)).toBe(verdict);
    }
  });
});
