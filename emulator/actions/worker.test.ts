/**
 * The Actions runtime's worker threads: an execution that misbehaves is stopped at its limit
 * without stopping the emulator's thread (auth0-behaviour.md §1.1, 20 s, shortened here), and
 * the calls that cross the thread boundary (`api.cache`, the clock seam) keep the semantics
 * they have when made in one thread.
 */
import vm from 'node:vm';
import { test, expect } from '@playwright/test';
import { runPostLogin } from '../testing/run-action.ts';
import { ActionCache } from './runtime.ts';

/** Counts the ticks of a 10 ms interval on this thread while `work` runs. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const interval = setInterval(() => ticks++, 10);
  try {
    return { value: await work(), ticks };
  } finally {
    clearInterval(interval);
  }
}

test.describe('an Action that does not finish', () => {
  test('should stop a synchronous busy loop started after an await at the limit, keep what it did before, and leave this thread free meanwhile', async () => {
    const started = performance.now();
    const { value: result, ticks } = await ticksDuring(() =>
      runPostLogin(
        `
        api.user.setAppMetadata('before_loop', true);
        console.log('entering the loop');
        await new Promise((resolve) => setTimeout(resolve, 10));
        for (;;) {}
      `,
        { timeoutMs: 600 },
      ),
    );
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({
      outcome: 'failed',
      error: { kind: 'timeout', message: 'The Action did not finish within 600 ms' },
      appMetadata: { before_loop: true },
      consoleLines: ['entering the loop'],
    });
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(5_000);
    // 600 ms of a 10 ms interval: this thread was never blocked by the loop.
    expect(ticks).toBeGreaterThanOrEqual(20);
  });

  test('should stop a busy loop in a promise callback and in a timer after an await', async () => {
    const inThen = await runPostLogin(`await Promise.resolve().then(() => { for (;;) {} });`, {
      timeoutMs: 300,
    });
    expect(inThen.error?.kind).toBe('timeout');
    const inInterval = await runPostLogin(
      `await null; setInterval(() => { for (;;) {} }, 5); await new Promise(() => {});`,
      { timeoutMs: 300 },
    );
    expect(inInterval.error?.kind).toBe('timeout');
  });

  test('should run the next Action normally after one was stopped', async () => {
    const stopped = await runPostLogin(`await null; for (;;) {}`, { timeoutMs: 200 });
    expect(stopped.error?.kind).toBe('timeout');
    const next = await runPostLogin(`api.access.deny('next');`);
    expect(next).toMatchObject({ outcome: 'ok', deny: { reason: 'next' } });
  });
});

test.describe('an Action that runs out of memory', () => {
  test("should fail with 'crashed' at the emulator's memory limit, not take the emulator down", async () => {
    const result = await runPostLogin(
      `
      console.log('allocating');
      const hoard = [];
      for (;;) hoard.push(new Array(1e5).fill(hoard.length));
    `,
      { timeoutMs: 15_000 },
    );
    expect(result.outcome).toBe('failed');
    expect(result.error).toEqual({
      kind: 'crashed',
      message: 'The Action ran out of memory (the emulator allows 128 MB per execution)',
    });
    expect(result.consoleLines).toEqual(['allocating']);
    expect((await runPostLogin(`console.log('fine');`)).consoleLines).toEqual(['fine']);
  });
});

test.describe('failures that escape the Action', () => {
  test("should fail with 'threw' when a promise of a host builtin the Action started rejects unhandled", async () => {
    const result = await runPostLogin(`
      crypto.subtle.digest('NO-SUCH-DIGEST', new Uint8Array(1));
      await new Promise((resolve) => setTimeout(resolve, 200));
    `);
    expect(result.outcome).toBe('failed');
    expect(result.error?.kind).toBe('threw');
    expect(result.error?.message).toMatch(/^NotSupportedError: /);
  });

  test("should fail with 'threw' when a queued microtask throws", async () => {
    const result = await runPostLogin(`
      queueMicrotask(() => { throw new TypeError('in a microtask'); });
      await new Promise((resolve) => setTimeout(resolve, 200));
    `);
    expect(result.error).toEqual({ kind: 'threw', message: 'TypeError: in a microtask' });
  });
});

test.describe('calls that cross the thread boundary', () => {
  const NOW = new Date('2026-09-20T10:00:00.000Z');

  // Every option value an Action may pass, against the store used directly in this thread.
  const options: [string, string][] = [
    ['ttl number', '{ ttl: 60000 }'],
    ['ttl zero', '{ ttl: 0 }'],
    ['ttl negative', '{ ttl: -5 }'],
    ['ttl numeric string', "{ ttl: '60000' }"],
    ['ttl true', '{ ttl: true }'],
    ['ttl null', '{ ttl: null }'],
    ['ttl NaN', '{ ttl: NaN }'],
    ['ttl Infinity', '{ ttl: Infinity }'],
    ['ttl valueOf', '{ ttl: { valueOf() { return 1000; } } }'],
    ['ttl toString', "{ ttl: { toString() { return '1000'; } } }"],
    ['expires_at number', `{ expires_at: ${NOW.getTime() + 5000} }`],
    ['expires_at past', `{ expires_at: ${NOW.getTime() - 1} }`],
    ['expires_at string', `{ expires_at: '${NOW.getTime() + 5000}' }`],
    ['expires_at null', '{ expires_at: null }'],
    ['both, ttl first', `{ ttl: 1000, expires_at: ${NOW.getTime() + 5000} }`],
    ['both, expires_at first', `{ ttl: 9000, expires_at: ${NOW.getTime() + 5000} }`],
    ['no options', 'undefined'],
    ['a number as options', '5'],
  ];
  for (const [what, literal] of options) {
    test(`should answer api.cache.set with ${what} exactly as the store does`, async () => {
      // The Action's literal, evaluated in this thread as it is in the Action's.
      const value = vm.runInNewContext(`(${literal})`) as Parameters<ActionCache['set']>[2];
      const expected = new ActionCache(() => NOW).set('k', 'v', value ?? {});
      const result = await runPostLogin(
        `console.log(JSON.stringify(api.cache.set('k', 'v', ${literal})), JSON.stringify(api.cache.get('k')));`,
        { cache: new ActionCache(() => NOW), now: () => NOW },
      );
      expect(result.outcome).toBe('ok');
      const stored = expected.type === 'success' ? JSON.stringify(expected.record) : undefined;
      expect(result.consoleLines).toEqual([`${JSON.stringify(expected)} ${stored}`]);
    });
  }

  test('should throw the same TypeError as the store for a BigInt ttl', async () => {
    let expected = '';
    try {
      new ActionCache(() => NOW).set('k', 'v', { ttl: 1n as unknown as number });
    } catch (e) {
      expected = `${(e as Error).name}: ${(e as Error).message}`;
    }
    expect(expected).toMatch(/^TypeError: /);
    const result = await runPostLogin(`api.cache.set('k', 'v', { ttl: 1n });`, {
      cache: new ActionCache(() => NOW),
    });
    expect(result.error).toEqual({ kind: 'threw', message: expected });
  });

  test('should keep one cache across executions and see writes and deletes at once', async () => {
    let clock = NOW;
    const cache = new ActionCache(() => clock);
    const first = await runPostLogin(
      `
      console.log(JSON.stringify(api.cache.set('a', '1', { ttl: 1000 })));
      console.log(JSON.stringify(api.cache.get('a')));
      console.log(JSON.stringify(api.cache.delete('a')), JSON.stringify(api.cache.delete('a')));
      api.cache.set('b', '2', { ttl: 1000 });
    `,
      { cache },
    );
    expect(first.consoleLines).toEqual([
      JSON.stringify({ type: 'success', record: { value: '1', expires_at: NOW.getTime() + 1000 } }),
      JSON.stringify({ value: '1', expires_at: NOW.getTime() + 1000 }),
      `${JSON.stringify({ type: 'success' })} ${JSON.stringify({ type: 'error', code: 'CacheKeyDoesNotExist' })}`,
    ]);
    expect(cache.get('b')?.value).toBe('2');
    clock = new Date(NOW.getTime() + 1001);
    const later = await runPostLogin(`console.log(api.cache.get('b') === undefined);`, { cache });
    expect(later.consoleLines).toEqual(['true']);
  });

  test('should read the clock seam at each call, not once per execution', async () => {
    let ms = NOW.getTime();
    const result = await runPostLogin(
      `
      const read = () => JSON.parse(Buffer.from(api.redirect.encodeToken({ secret: 's3cret', payload: {} }).split('.')[1], 'base64url')).iat;
      const first = read();
      await new Promise((resolve) => setTimeout(resolve, 20));
      console.log(read() - first);
    `,
      { now: () => new Date((ms += 7_000)) },
    );
    expect(result.consoleLines).toEqual(['7']);
  });
});
