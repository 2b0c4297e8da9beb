/**
 * `npm run sweep` against an in-process tenant: only users with BOTH markers and older than
 * the cut-off are found; a dry run deletes nothing; `--yes` deletes exactly those (factors
 * first); it pages past one page and past Auth0's 1000-result search window; it completes
 * under the Free plan's rate limit; bad flags are refused clearly. Also: the test-user
 * marker keeps the Action's `app_metadata.biometrics`.
 */
import { test, expect } from '@playwright/test';
import { createManagementClient } from '../helpers/tenant/management.ts';
import { parseDuration, parseSweepArgs, runSweep, SweepUsageError } from '../helpers/ops/sweep.ts';
import { markTestUser } from '../fixtures/test-user.ts';
import { childEnvFor, fetchSpy, runScript, seedUser, withTenant } from './live-ops-support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const opts = (olderThan: string, yes: boolean) => ({
  yes,
  olderThan,
  olderThanMs: parseDuration(olderThan),
});

test.describe('npm run sweep', () => {
  test('should find only marked old users, delete nothing in a dry run, and exactly them with --yes', async () => {
    await withTenant({}, async (emulator, env) => {
      const markedOld = [1, 2, 3].map((n) =>
        seedUser(emulator, { email: `e2e-bio+old-0-${n}@example.com`, ageMs: 2 * DAY }),
      );
      const kept = [
        // young (marked, 1 h old, cut-off 24 h)
        seedUser(emulator, { email: 'e2e-bio+young-0-1@example.com', ageMs: HOUR }),
        // old, test email, no app_metadata marker
        seedUser(emulator, {
          email: 'e2e-bio+nomark-0-1@example.com',
          ageMs: 3 * DAY,
          marker: 'none',
        }),
        // old, app_metadata marker, not a test email
        seedUser(emulator, { email: 'real.person@example.com', ageMs: 3 * DAY }),
        seedUser(emulator, { email: 'e2e-bio+other@elsewhere.com', ageMs: 3 * DAY }),
        // old, malformed marker
        seedUser(emulator, {
          email: 'e2e-bio+badmark-0-1@example.com',
          ageMs: 3 * DAY,
          marker: { run: '', created_at: 'x' },
        }),
      ];
      const users = emulator.context.tenant.users;
      const before = users.size;

      const dryLines: string[] = [];
      const dry = await runSweep(env, opts('24h', false), { log: (l) => dryLines.push(l) });
      expect(dry.dryRun).toBe(true);
      expect(dry.found.map((u) => u.user_id).sort()).toEqual(
        markedOld.map((u) => u.user_id).sort(),
      );
      expect(dry.deleted).toEqual([]);
      expect(users.size).toBe(before);
      expect(dryLines.join('\n')).toContain('DRY RUN');
      expect(dryLines.filter((l) => l.includes('would delete'))).toHaveLength(3);
      expect(dryLines.at(-1)).toMatch(/^Summary: 3 marked test user\(s\).*3 would be deleted/);

      const spy = fetchSpy();
      const real = await runSweep(env, opts('24h', true), {
        log: () => {},
        transport: spy.transport,
      });
      expect(real.deleted).toHaveLength(3);
      expect(real.failed).toEqual([]);
      for (const u of markedOld) expect(users.has(u.user_id)).toBe(false);
      for (const u of kept) expect(users.has(u.user_id)).toBe(true);
      // Factors, then the user.
      const deletes = spy.calls
        .filter((c) => c.method === 'DELETE')
        .map((c) => new URL(c.url).pathname);
      expect(deletes).toHaveLength(6);
      for (let i = 0; i < deletes.length; i += 2) {
        expect(deletes[i]).toMatch(/\/authentication-methods$/);
        expect(deletes[i + 1]).toBe(deletes[i]?.replace(/\/authentication-methods$/, ''));
      }
      // The search asked what the brief and Auth0's limits say.
      const search = new URL(spy.calls.find((c) => c.url.includes('/api/v2/users?'))?.url ?? '');
      expect(search.searchParams.get('search_engine')).toBe('v3');
      expect(search.searchParams.get('per_page')).toBe('50');
      expect(search.searchParams.get('q')).toContain('app_metadata.e2e_harness.run:*');
      expect(search.searchParams.get('q')).toContain(`created_at:[* TO ${real.cutoff}]`);
    });
  });

  test('should honour --older-than (6h takes the 7 h old users, not the 1 h old)', async () => {
    await withTenant({}, async (emulator, env) => {
      const seven = seedUser(emulator, { email: 'e2e-bio+a-0-1@example.com', ageMs: 7 * HOUR });
      seedUser(emulator, { email: 'e2e-bio+a-0-2@example.com', ageMs: HOUR });
      const result = await runSweep(env, opts('6h', false), { log: () => {} });
      expect(result.found.map((u) => u.user_id)).toEqual([seven.user_id]);
    });
  });

  test('should page past one page: 120 marked users deleted', async () => {
    test.setTimeout(60_000);
    await withTenant({}, async (emulator, env) => {
      for (let n = 0; n < 120; n++) {
        seedUser(emulator, { email: `e2e-bio+page-0-${n}@example.com`, ageMs: DAY + n * 60_000 });
      }
      seedUser(emulator, { email: 'e2e-bio+young-0-1@example.com', ageMs: 60_000 });
      const result = await runSweep(env, opts('24h', true), { log: () => {} });
      expect(result.pages).toBe(3);
      expect(result.deleted).toHaveLength(120);
      expect(emulator.context.tenant.users.size).toBe(1);
    });
  });

  test('should narrow the query by created_at past the 1000-result search window', async () => {
    test.setTimeout(90_000);
    await withTenant({}, async (emulator, env) => {
      for (let n = 0; n < 1060; n++) {
        seedUser(emulator, { email: `e2e-bio+many-0-${n}@example.com`, ageMs: DAY + n * 1000 });
      }
      const result = await runSweep(env, opts('24h', false), { log: () => {} });
      expect(result.found).toHaveLength(1060);
      expect(new Set(result.found.map((u) => u.user_id)).size).toBe(1060);
      expect(result.queries).toBe(2);
      expect(emulator.context.tenant.users.size).toBe(1060);
    });
  });

  test('should complete under the Free plan rate limit (2 burst, 2/s)', async () => {
    test.setTimeout(90_000);
    await withTenant({ rateLimit: 'free' }, async (emulator, env) => {
      for (let n = 0; n < 6; n++) {
        seedUser(emulator, { email: `e2e-bio+free-0-${n}@example.com`, ageMs: 2 * DAY });
      }
      const result = await runSweep(env, opts('24h', true), { log: () => {} });
      expect(result.deleted).toHaveLength(6);
      expect(result.failed).toEqual([]);
      expect(emulator.context.tenant.users.size).toBe(0);
      // 13 requests through a 2-token bucket: pacing keeps 429s rare; the SDK retries any.
      const limited = emulator.context.tenant.logs.all().filter((l) => l.type === 'api_limit');
      test
        .info()
        .annotations.push({ type: 'api_limit events', description: String(limited.length) });
    });
  });

  test('should refuse bad flags with a clear message and exit 2', async () => {
    expect(() => parseSweepArgs(['--older-than', '3x'])).toThrow(/30m, 6h or 2d \(got "3x"\)/);
    expect(() => parseSweepArgs(['--older-than', '0h'])).toThrow(SweepUsageError);
    expect(() => parseSweepArgs(['--older-than'])).toThrow(/needs a value/);
    expect(() => parseSweepArgs(['--force'])).toThrow(/unknown argument "--force"/);
    expect(parseSweepArgs(['--older-than=30m', '--yes'])).toMatchObject({
      yes: true,
      olderThanMs: 30 * 60_000,
    });
    expect(parseSweepArgs([])).toMatchObject({ yes: false, olderThanMs: DAY });
    expect(parseDuration('2d')).toBe(2 * DAY);
    const bad = await runScript('scripts/sweep.ts', ['--older-than', 'soon'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than must be');
    expect(bad.stderr).toContain('Usage: npm run sweep');
  });

  test('should print what it deletes and exit 0 as a script', async () => {
    // Two script runs (`node --import tsx`, each compiling its imports): 60 s was exceeded at
    // load 18 on 2 cores.
    test.setTimeout(180_000);
    await withTenant({}, async (emulator) => {
      const u = seedUser(emulator, { email: 'e2e-bio+script-0-1@example.com', ageMs: 2 * DAY });
      const dry = await runScript('scripts/sweep.ts', [], childEnvFor(emulator));
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(`would delete ${u.user_id}`);
      expect(emulator.context.tenant.users.has(u.user_id)).toBe(true);
      const real = await runScript(
        'scripts/sweep.ts',
        ['--yes', '--older-than', '1d'],
        childEnvFor(emulator),
      );
      expect(real.code, real.stderr).toBe(0);
      expect(real.stdout).toContain(`deleted ${u.user_id}`);
      expect(real.stdout).toContain('1 deleted, 0 failed');
      expect(emulator.context.tenant.users.has(u.user_id)).toBe(false);
    });
  });
});

test.describe('test-user marker', () => {
  test('should add app_metadata.e2e_harness and keep the Action’s biometrics key', async () => {
    await withTenant({}, async (emulator, env) => {
      const user = seedUser(emulator, {
        email: 'e2e-bio+testrun-0-1@example.com',
        ageMs: 0,
        marker: 'none',
      });
      await markTestUser(createManagementClient(env), user.user_id, env.runId);
      const meta = emulator.context.tenant.users.get(user.user_id)?.app_metadata;
      expect(meta?.biometrics).toEqual({ enrolled: true });
      expect(meta?.e2e_harness).toMatchObject({ run: 'testrun' });
      expect(Date.parse((meta?.e2e_harness as { created_at: string }).created_at)).not.toBeNaN();
    });
  });
});
