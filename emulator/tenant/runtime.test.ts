/**
 * The tenant owns its run-time state (architecture-review.md §2 "Tenant state is spread across
 * modules"): slots are created on first use and `POST /__emulator/reset` forgets all of them in
 * one call — the Actions' `api.cache` included, which used to survive a reset.
 */
import { test, expect } from '../testing/fixtures.ts';
import { RESET_HEADER, RESET_PATH } from '../control/routes.ts';
import { readTransactions } from '../flow/transactions.ts';
import { driveLogin, flowTestbed } from '../testing/drive-login.ts';
import { deployAction } from '../testing/login-helpers.ts';
import { runtimeSlot, TenantRuntime } from './runtime.ts';

/** Puts what the previous login left in `api.cache` into the ID token, then marks the cache. */
const CACHE_PROBE = `exports.onExecutePostLogin = async (event, api) => {
  const seen = api.cache.get('seen');
  api.idToken.setCustomClaim('https://example.com/seen', seen ? seen.value : 'nothing');
  api.cache.set('seen', 'a previous login');
};`;

test.describe('Tenant runtime state', () => {
  test('should create a slot on first use and forget every slot on clear', () => {
    const runtime = new TenantRuntime();
    const counts = runtimeSlot('counts', () => new Map<string, number>());
    runtime.get(counts).set('a', 1);
    expect(runtime.get(counts).get('a')).toBe(1);
    expect(runtime.slotsInUse()).toEqual(['counts']);
    runtime.clear();
    expect(runtime.slotsInUse()).toEqual([]);
    expect(runtime.get(counts).size).toBe(0);
  });

  test('should forget Action caches and login transactions on POST /__emulator/reset', async ({
    emulator,
  }) => {
    const { tenant } = emulator.context;
    const { env, newTx, newUser } = flowTestbed({ tenant });
    deployAction(tenant, 'cache-probe', CACHE_PROBE);
    const bindings = tenant.bindings;
    const seen = async () => {
      const { step } = await driveLogin(env, newTx(), { user: await newUser() });
      return step.kind === 'finish' ? step.idTokenClaims['https://example.com/seen'] : step;
    };
    expect(await seen()).toBe('nothing');
    expect(await seen()).toBe('a previous login');
    expect(tenant.runtime.slotsInUse()).toEqual(
      expect.arrayContaining(['login transactions', 'Action caches']),
    );

    const res = await fetch(`${emulator.origin}${RESET_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [RESET_HEADER]: '1' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(tenant.runtime.slotsInUse()).toEqual([]);
    expect(readTransactions(tenant)).toEqual([]);
    // The same Action bound again starts with an empty cache, as after a fresh start.
    tenant.bindings = bindings;
    expect(await seen()).toBe('nothing');
    tenant.bindings = [];
  });
});
