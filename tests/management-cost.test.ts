/**
 * The Management API cost of the journey on a live tenant (live-fidelity issue: at most 10
 * calls per test, without losing evidence). Runs the first-login journey — the steps of
 * e2e/biometric-first-login.spec.ts, with its fixtures — against the run's tenant with the
 * worker's Management client counting every call; the calls between the start of the test's
 * fixtures and the end of their teardown (the test user's deletion included) are the test's,
 * those before it (token, lease, deployment, tenant snapshot) the worker's setup. The worker's setup AND teardown
 * are counted by tests/tenant-prepare.test.ts.
 * Serial: the second test asserts on what the first measured.
 */
import { test as journeyTest, expect } from '../fixtures/index.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';

/** Every Management API call of this worker (`METHOD /path`), token call included. */
const calls: string[] = [];
const measured: { workerSetup: string[]; perTest: Record<string, string[]> } = {
  workerSetup: [],
  perTest: {},
};

const test = journeyTest.extend<{ meter: void }>({
  management: [
    async ({ env }, use) =>
      use(
        createManagementClient(env, {
          transport: (input, init) => {
            const url =
              input instanceof Request ? input.url : input instanceof URL ? input.href : input;
            const method = (init?.method ?? 'GET').toUpperCase();
            const path = new URL(url).pathname
              .replace(/\/users\/[^/]+/, '/users/{id}')
              .replace(/\/actions\/actions\/[^/]+/, '/actions/actions/{id}');
            calls.push(`${method} ${path}`);
            return fetch(input, init);
          },
        }),
      ),
    { scope: 'worker', box: true },
  ],
  /** Set up before, torn down after, every other test-scoped fixture: brackets the test's calls. */
  meter: [
    async ({ deployment: _deployment }, use, testInfo) => {
      if (measured.workerSetup.length === 0) measured.workerSetup = [...calls];
      const start = calls.length;
      await use();
      measured.perTest[testInfo.title] = calls.slice(start);
    },
    { auto: true },
  ],
});

test.describe.serial('Management API cost per test', () => {
  test('should run the journey with its evidence complete', async ({ journey, deployment }) => {
    await journey.reportRun({
      story: 'Management API cost of one journey',
      description: ['The first-login journey, counting Management API calls.'],
      parameters: {},
    });
    const login1 = await journey.login(1, 'signup', { expect: 'not-challenged' });
    await journey.markTestUser();
    await journey.logOut(1);
    const login2 = await journey.login(2, 'login', { expect: 'challenged' });
    await journey.logOut(2);
    const login3 = await journey.login(3, 'login', { expect: 'challenged' });
    await journey.attachEvidence('timelines and evidence table');
    for (const login of [login1, login2, login3]) expect(login).toMatchDocumentedVerdict();
    // No evidence lost: the user before logins 2 and 3, the bindings and the logs are there.
    expect(login1.evidence.userBefore).toMatchObject({ exists: false });
    for (const { evidence } of [login2, login3]) {
      expect(evidence.userBefore).toMatchObject({
        exists: true,
        factors: ['totp', 'webauthn-platform'],
      });
    }
    for (const { evidence } of [login1, login2, login3]) {
      expect(evidence.actionsBound?.names).toEqual(deployment.bindings);
      expect(evidence.logs.status).toBe('complete');
    }
  });

  test('should have cost at most 10 Management API calls per test', async () => {
    const perTest = measured.perTest['should run the journey with its evidence complete'];
    console.log(
      `Management API calls: worker setup ${measured.workerSetup.length} (token, lease, deployment, tenant snapshot), per test ${perTest?.length ?? '?'}`,
    );
    await test.info().attach('management API calls', {
      body: JSON.stringify(measured, null, 2),
      contentType: 'application/json',
    });
    expect(perTest, JSON.stringify(measured, null, 2)).toEqual([
      'PATCH /api/v2/users/{id}', // marker, after login 1 (login 1 reads nothing: a fresh email)
      'GET /api/v2/users/{id}', // the user before login 2, by id
      'GET /api/v2/users/{id}/authentication-methods',
      'GET /api/v2/users/{id}', // before login 3
      'GET /api/v2/users/{id}/authentication-methods',
      'GET /api/v2/logs', // ?q=user_id:"…" (polled on a live tenant until the events arrive)
      'GET /api/v2/actions/triggers/post-login/bindings', // once, compared with the deployment
      'DELETE /api/v2/users/{id}', // cleanup, by id
    ]);
    expect(perTest?.length).toBeLessThanOrEqual(10);
    // The worker's setup: the token, the lease, the deployment (polls vary).
    expect(measured.workerSetup[0]).toBe('POST /oauth/token');
    expect(measured.workerSetup.length).toBeLessThanOrEqual(20);
  });
});
