/**
 * The documented workaround for "Biometric Prompt Not Triggered on First Login After Enrollment
 * for New Users" (auth0-behaviour.md §1.4 item 2): a second post-login Action,
 * `actions/biometric-challenge-after-enrollment.js`, bound after the enrollment Action. Auth0
 * documents that `event.user.enrolledFactors` is refreshed when the next Action begins after an
 * enrollment pause, so that Action sees the new `webauthn-platform` factor and challenges it with
 * `api.authentication.challengeWith` — in the enrollment transaction (login 1) too.
 *
 * DOCUMENTED BEHAVIOUR, NOT YET VERIFIED ON A LIVE TENANT: the emulator implements the documented
 * rules; whether a real tenant challenges a factor enrolled moments earlier in the same
 * transaction is what a live run of this spec will tell.
 */
import {
  attachment,
  description,
  epic,
  feature,
  parameter,
  step,
  story,
  tag,
} from 'allure-js-commons';
import { expect, test } from '../fixtures/index.ts';
import { decide, type LoginEvidence } from '../helpers/evidence.ts';

const UNVERIFIED = 'documented behaviour, not yet verified on a live tenant';

test.use({
  actionFiles: ['biometric-enrollment.js', 'biometric-challenge-after-enrollment.js'],
});

/** The failure message when a login was not challenged although the workaround should make it. */
function workaroundMismatch(e: LoginEvidence): string | undefined {
  const { verdict, because } = decide(e);
  if (verdict === 'challenged') return undefined;
  return `${e.label}: expected a device-biometrics challenge with the workaround Action bound, got "${verdict}" (${because}). The workaround is ${UNVERIFIED}; see the attached evidence table`;
}

test.describe('Device biometrics on the first logins of a new user, with the documented workaround', () => {
  test(
    `should challenge the enrollment transaction (login 1) and logins 2 and 3 [${UNVERIFIED}]`,
    {
      tag: ['@workaround', '@unverified-on-live'],
      annotation: { type: 'unverified', description: UNVERIFIED },
    },
    async ({ env, deployment, testUser, testApp, universalLogin, evidence, redactor }) => {
      test.setTimeout(env.target === 'live' ? 300_000 : 120_000);
      await epic('Auth0 MFA with device biometrics');
      await feature('Enrollment from a post-login Action');
      await story('Workaround: challenge in a second Action after the enrollment');
      await tag(UNVERIFIED);
      await description(
        [
          `**${UNVERIFIED[0]?.toUpperCase()}${UNVERIFIED.slice(1)}.**`,
          '',
          'A second post-login Action (`biometric-challenge-after-enrollment.js`), bound after `biometric-enrollment.js`,',
          'calls `api.authentication.challengeWith({ type: "webauthn-platform" })` when `event.user.enrolledFactors` lists',
          'device biometrics. Auth0 documents that `enrolledFactors` and `methods` "will be updated when Action 2 runs" after',
          'an enrollment pause, and ignores only a factor "already challenged in this transaction". Expected: login 1 (the',
          'enrollment transaction) is challenged for device biometrics, and so are logins 2 and 3.',
        ].join('\n'),
      );
      await parameter('target', env.target);
      await parameter('tenant', env.domain);
      await parameter(
        'Action versions',
        deployment.actions.map((a) => `${a.actionName} v${a.versionNumber ?? '?'}`).join(', '),
      );

      await step(
        `deploy: ${deployment.actions.map((a) => `"${a.actionName}"`).join(' then ')} bound to post-login`,
        async () => {
          await attachment('deployment', redactor.redactJson(deployment), 'application/json');
          expect(
            deployment.bindings.slice(-2),
            'the enrollment Action, then the workaround Action, run last in post-login',
          ).toEqual(deployment.actions.map((a) => a.actionName));
        },
      );

      const login1 = await step(
        'login 1: sign-up, OTP and device-biometrics enrollment, then the workaround challenge',
        () =>
          evidence.record('login 1', async () => {
            await testApp.startSignup();
            await universalLogin.complete('login 1', testUser);
            return testApp.readClaims();
          }),
      );
      const userId = String(login1.claims.sub);

      await step('logout after login 1', () => testApp.logOut());

      const login2 = await step(
        'login 2: username and password, then the biometric challenge',
        () =>
          evidence.record('login 2', async () => {
            await testApp.startLogin();
            await universalLogin.complete('login 2', testUser);
            return testApp.readClaims();
          }),
      );

      await step('logout after login 2', () => testApp.logOut());

      const login3 = await step(
        'login 3: username and password, then the biometric challenge',
        () =>
          evidence.record('login 3', async () => {
            await testApp.startLogin();
            await universalLogin.complete('login 3', testUser);
            return testApp.readClaims();
          }),
      );

      await step('tenant log events of the three transactions', () =>
        evidence.collectTenantLogs(userId),
      );
      await step('evidence table', () => evidence.attachReport());

      for (const { evidence: e } of [login1, login2, login3]) {
        expect(decide(e).verdict, workaroundMismatch(e)).toBe('challenged');
      }
    },
  );
});
