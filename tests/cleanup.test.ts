/**
 * Cleanup never changes a verdict (fixtures/test-user.ts, helpers/ops/cleanup-failures.ts): with
 * every `DELETE /api/v2/users/{id}` answered 429, a test whose assertions held still passes; the
 * failure is recorded apart (`cleanupFailuresFile`, one JSON line naming the user and "run
 * `npm run sweep`"); the user stays, marked for the sweep — also a user whose id the test never
 * learnt, which the teardown marks before trying to delete it.
 * The first two tests are the subjects: they pass only if their teardown does not throw.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import type { ManagementClient } from 'auth0';
import { startEmulator, type Emulator } from '../emulator/app.ts';
import { fromEnv } from '../emulator/config.ts';
import { testUserTest } from '../fixtures/test-user.ts';
import type { HarnessEnv } from '../helpers/config/env.ts';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { markerOf } from '../helpers/user/unique.ts';
import { faultyTransport, harnessEnvFor } from './live-ops-support.ts';

const test = testUserTest.extend<object, { tenant: Emulator }>({
  tenant: [
    async ({}, use) => {
      const emulator = await startEmulator({ ...fromEnv({ EMULATOR_HTTPS: '1' }), port: 0 });
      await use(emulator);
      await emulator.close();
    },
    { scope: 'worker' },
  ],
  env: [async ({ tenant }, use) => use(harnessEnvFor(tenant)), { scope: 'worker' }],
  // Every user deletion is rate-limited; the SDK retries once (Retry-After: 1) and gives up.
  management: [
    async ({ env }, use) =>
      use(
        createManagementClient(env, {
          transport: faultyTransport([{ match: /^DELETE \/api\/v2\/users\//, answer: 429 }])
            .transport,
          maxRetries: 1,
        }),
      ),
    { scope: 'worker' },
  ],
  cleanupFailuresFile: [
    async ({}, use) => {
      const dir = mkdtempSync(join(resolve('.tmp'), 'cleanup-'));
      await use(join(dir, 'failures.jsonl'));
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

const created: Record<string, string> = {};

/** What login 1's sign-up does to the tenant: creates the test user; returns its id. */
async function signUp(
  management: ManagementClient,
  env: HarnessEnv,
  user: { email: string; password: string },
): Promise<string> {
  const created = await management.users.create({
    connection: env.connection,
    email: user.email,
    password: user.password,
  });
  return created.user_id as string;
}

test.describe.serial('cleanup never changes a verdict', () => {
  test('should pass although its signed-up test user cannot be deleted (429)', async ({
    testUser,
    management,
    env,
  }) => {
    // What login 1 does: the sign-up creates the user; then the journey marks it.
    const userId = await signUp(management, env, testUser);
    await testUser.markSignedUp(userId);
    created.marked = userId;
    expect(testUser.userId).toBe(userId);
  });

  test('should pass although a test user never marked cannot be deleted, marking it first', async ({
    testUser,
    management,
    env,
  }) => {
    // Login 1 failed after the sign-up: the user exists, its id was never learnt.
    created.unmarked = await signUp(management, env, testUser);
    expect(testUser.userId).toBeUndefined();
  });

  test('should have recorded both failures apart and left both users marked for the sweep', ({
    tenant,
    cleanupFailuresFile,
  }) => {
    const lines = readFileSync(cleanupFailuresFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ what: 'test user', run: 'testrun' });
      expect(line.message).toMatch(
        /^test user e2e-bio\+testrun-\d+-\d+@example\.com could not be deleted \(429 Too many requests\. .*\): it stays marked \(app_metadata\.e2e_harness\); run `npm run sweep`$/,
      );
    }
    for (const id of [created.marked, created.unmarked]) {
      const user = tenant.context.tenant.users.get(id as string);
      expect(user, `user ${id} was deleted`).toBeDefined();
      expect(markerOf(user ?? {})?.run).toBe('testrun');
    }
  });
});
