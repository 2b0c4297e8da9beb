/**
 * The journey of Auth0's support article "Biometric Prompt Not Triggered on First Login After
 * Enrollment for New Users" (auth0-behaviour.md §1.4): a new user signs up, and the post-login
 * Action enrolls OTP and device biometrics in that same transaction (login 1). Auth0 documents
 * that login 1 is not challenged for biometrics (the MFA evaluation reads the transaction's
 * start-of-login snapshot) and that the next logins (2 and 3) are.
 */
import {
  attachment,
  description,
  epic,
  feature,
  globalAttachment,
  parameter,
  step,
  story,
} from 'allure-js-commons';
import { expect, test } from '../fixtures/index.ts';
import { decide, mismatchMessage, type Verdict } from '../helpers/evidence.ts';
import { TenantNotReadyError } from '../helpers/readiness.ts';

test.describe('Device biometrics on the first logins of a new user', () => {
  test('should not challenge the enrollment transaction (login 1) but challenge logins 2 and 3', async ({
    env,
    deployment,
    testUser,
    testApp,
    universalLogin,
    evidence,
    redactor,
  }) => {
    test.setTimeout(env.target === 'live' ? 300_000 : 120_000);
    await epic('Auth0 MFA with device biometrics');
    await feature('Enrollment from a post-login Action');
    await story('Biometric prompt not triggered on first login after enrollment');
    await description(
      [
        'Auth0 documents that login 1 (sign-up; the Action enrolls OTP and device biometrics) is **not**',
        'challenged for device biometrics, and that logins 2 and 3 are.',
        '',
        'When it fails: the **Category** says what kind of failure it is; the error names the login.',
        'Open step **timelines and evidence table** → **timeline · login N** for that login: the verdict',
        'against the documentation and why, the user before the login (what the decision read), and every',
        'screen, WebAuthn call, authenticator event, tenant log event and the ID token’s `amr` in time order.',
      ].join('\n'),
    );
    await parameter('target', env.target);
    await parameter('tenant', env.domain);
    await parameter('Action version', String(deployment.versionNumber ?? 'unknown'));
    await globalAttachment(
      'run environment (runtime)',
      [
        `target=${env.target}`,
        `tenant=${env.domain}`,
        ...(env.target === 'emulator' ? [`emulator.userReads=${env.emulatorUserReads}`] : []),
        `action.name=${deployment.actionName}`,
        `action.version=${deployment.versionNumber ?? 'unknown'}`,
        `action.sha256=${deployment.codeSha256}`,
        `postLogin.bindings=${deployment.bindings.join(' -> ')}`,
      ].join('\n'),
      'text/plain',
    );

    await step(
      `deploy: "${deployment.actionName}" v${deployment.versionNumber ?? '?'} bound to post-login`,
      async () => {
        await attachment('deployment', redactor.redactJson(deployment), 'application/json');
        if (deployment.bindings.at(-1) !== deployment.actionName) {
          throw new TenantNotReadyError(
            `binding missing: "${deployment.actionName}" is not the last post-login binding (bindings: ${deployment.bindings.join(', ') || 'none'})`,
          );
        }
      },
    );

    const login1 = await step('login 1: sign-up, OTP and device-biometrics enrollment', () =>
      evidence.record(
        'login 1',
        async () => {
          await testApp.startSignup();
          await universalLogin.complete('login 1', testUser);
          return testApp.readClaims();
        },
        { user: testUser, expect: 'not-challenged' },
      ),
    );
    const userId = String(login1.claims.sub);
    // Only now does the user exist: mark it for `npm run sweep` (fixtures/test-user.ts).
    await step('mark the test user (app_metadata.e2e_harness)', () =>
      testUser.markSignedUp(userId),
    );

    await step('logout after login 1', () => testApp.logOut());

    const login2 = await step('login 2: username and password, then the biometric challenge', () =>
      evidence.record(
        'login 2',
        async () => {
          await testApp.startLogin();
          await universalLogin.complete('login 2', testUser);
          return testApp.readClaims();
        },
        { user: testUser, expect: 'challenged' },
      ),
    );

    await step('logout after login 2', () => testApp.logOut());

    const login3 = await step('login 3: username and password, then the biometric challenge', () =>
      evidence.record(
        'login 3',
        async () => {
          await testApp.startLogin();
          await universalLogin.complete('login 3', testUser);
          return testApp.readClaims();
        },
        { user: testUser, expect: 'challenged' },
      ),
    );

    await step('tenant log events of the three transactions', () =>
      evidence.collectTenantLogs(userId),
    );
    // Attached before asserting: a failing run carries its timelines and evidence table.
    await step('timelines and evidence table', () => evidence.attachReport());

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
