/**
 * The journey of Auth0's support article "Biometric Prompt Not Triggered on First Login After
 * Enrollment for New Users" (auth0-behaviour.md §1.4): a new user signs up, and the post-login
 * Action enrolls OTP and device biometrics in that same transaction (login 1). Auth0 documents
 * that login 1 is not challenged for biometrics (the MFA evaluation reads the transaction's
 * start-of-login snapshot) and that the next logins (2 and 3) are.
 */
import { expect, test } from '../fixtures/index.ts';

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
        'against the documentation and why, the user before the login (what the Action read: corroboration,',
        'not a signal), and every screen, WebAuthn call, authenticator event, tenant log event and the ID',
        'token’s `amr` in time order.',
      ],
      parameters: { 'Action version': String(deployment.versionNumber ?? 'unknown') },
      runEnvironment: true,
    });

    const login1 = await journey.login(1, 'signup', { expect: 'not-challenged' });
    await journey.markTestUser();
    await journey.logOut(1);
    const login2 = await journey.login(2, 'login', { expect: 'challenged' });
    await journey.logOut(2);
    const login3 = await journey.login(3, 'login', { expect: 'challenged' });
    // Attached before asserting: a failing run carries its timelines and evidence table.
    await journey.attachEvidence('timelines and evidence table');

    for (const login of [login1, login2, login3]) expect(login).toMatchDocumentedVerdict();
  });
});
