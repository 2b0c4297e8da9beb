/**
 * The post-login Actions runtime (`executeAction`, `compileAction`) against the post-login API
 * object's documented behaviour (auth0-behaviour.md §1.3) and Auth0's Action limits (§1.1).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { runAction, runPostLogin } from '../testing/run-action.ts';
import { ActionCache, compileAction, MFA_COMMAND_CAP } from './runtime.ts';
import { sampleEvent } from './sample-event.ts';

test.describe('user metadata (batched, api.user)', () => {
  test('should record writes without applying them to event.user', async () => {
    const result = await runPostLogin(`
      api.user.setAppMetadata('plan', 'free');
      api.user.setAppMetadata('plan', 'pro');
      api.user.setAppMetadata('legacy', null);
      api.user.setUserMetadata('theme', { dark: true });
      console.log(JSON.stringify(event.user.app_metadata), JSON.stringify(event.user.user_metadata));
    `);
    expect(result.outcome).toBe('ok');
    expect(result.appMetadata).toEqual({ plan: 'pro', legacy: null });
    expect(result.userMetadata).toEqual({ theme: { dark: true } });
    // "Invoking this method won't update the metadata immediately."
    expect(result.consoleLines).toEqual(['{} {}']);
  });

  test('should copy the value at call time so later mutation by the Action has no effect', async () => {
    const result = await runPostLogin(`
      const bio = { enrolled: true };
      api.user.setAppMetadata('biometrics', bio);
      bio.enrolled = false;
    `);
    expect(result.appMetadata).toEqual({ biometrics: { enrolled: true } });
  });
});

test.describe('api.access.deny', () => {
  test('should record the reason and keep other side effects', async () => {
    const result = await runPostLogin(`
      api.user.setAppMetadata('denied_once', true);
      api.access.deny('Your account is locked');
    `);
    expect(result.outcome).toBe('ok');
    expect(result.deny).toEqual({ reason: 'Your account is locked' });
    expect(result.appMetadata).toEqual({ denied_once: true });
  });
});

test.describe('custom claims (create-custom-claims)', () => {
  test('should keep allowed claims and drop restricted ones without failing', async () => {
    const result = await runPostLogin(`
      api.idToken.setCustomClaim('https://example.com/roles', ['admin']);
      api.idToken.setCustomClaim('favourite_color', 'blue');
      api.idToken.setCustomClaim('email', 'spoof@example.com');
      api.idToken.setCustomClaim('sub', 'auth0|someone-else');
      api.idToken.setCustomClaim('https://my-tenant.auth0.com/claim', 1);
      api.accessToken.setCustomClaim('urn:auth0:claim', 1);
      api.accessToken.setCustomClaim('https://example.com/plan', 'pro');
      api.accessToken.setCustomClaim('permissions', ['*']);
      api.accessToken.addScope('read:things');
      api.accessToken.removeScope('offline_access');
    `);
    expect(result.outcome).toBe('ok');
    expect(result.idTokenClaims).toEqual({
      'https://example.com/roles': ['admin'],
      favourite_color: 'blue',
    });
    expect(result.accessTokenClaims).toEqual({ 'https://example.com/plan': 'pro' });
    expect(result.droppedClaims.map((c) => `${c.token}:${c.key}`)).toEqual([
      'id:email',
      'id:sub',
      'id:https://my-tenant.auth0.com/claim',
      'access:urn:auth0:claim',
      'access:permissions',
    ]);
    expect(result.scopeChanges).toEqual([
      { op: 'add', scope: 'read:things' },
      { op: 'remove', scope: 'offline_access' },
    ]);
  });
});

test.describe('MFA commands (customize-mfa-enrollments-universal-login)', () => {
  test('should record enroll and challenge commands with their additional factors and picker flag', async () => {
    const result = await runPostLogin(`
      api.authentication.challengeWith({ type: 'otp' }, { additionalFactors: [{ type: 'phone', options: { preferredMethod: 'sms' } }] });
      api.authentication.enrollWithAny([{ type: 'webauthn-platform' }, { type: 'webauthn-roaming' }]);
      api.authentication.challengeWithAny([{ type: 'push-notification', options: { otpFallback: false } }]);
      api.authentication.enrollWith({ type: 'recovery-code' });
    `);
    expect(result.outcome).toBe('ok');
    expect(result.mfaCommands).toEqual([
      {
        kind: 'challenge',
        picker: false,
        factors: [{ type: 'otp' }, { type: 'phone', options: { preferredMethod: 'sms' } }],
      },
      {
        kind: 'enroll',
        picker: true,
        factors: [{ type: 'webauthn-platform' }, { type: 'webauthn-roaming' }],
      },
      {
        kind: 'challenge',
        picker: true,
        factors: [{ type: 'push-notification', options: { otpFallback: false } }],
      },
      { kind: 'enroll', picker: false, factors: [{ type: 'recovery-code' }] },
    ]);
  });

  test('should throw a TypeError inside the Action for a factor type the method does not accept', async () => {
    const caught = await runPostLogin(`
      try { api.authentication.enrollWith({ type: 'email' }); }
      catch (e) { console.log(e instanceof TypeError, e.message); }
    `);
    expect(caught.outcome).toBe('ok');
    expect(caught.mfaCommands).toEqual([]);
    expect(caught.consoleLines).toEqual([
      'true api.authentication.enrollWith: invalid factor type "email", expected one of otp, webauthn-platform, webauthn-roaming, recovery-code, push, push-notification, phone',
    ]);

    const uncaught = await runPostLogin(`api.authentication.challengeWith({ type: 'push' });`);
    expect(uncaught.outcome).toBe('failed');
    expect(uncaught.error).toEqual({
      kind: 'threw',
      message: expect.stringMatching(
        /^TypeError: api\.authentication\.challengeWith: invalid factor type "push"/,
      ),
    });
  });

  test('should reject an empty *Any list and a malformed phone option', async () => {
    const result = await runPostLogin(`
      for (const f of [
        () => api.authentication.challengeWithAny([]),
        () => api.authentication.enrollWith({ type: 'phone', options: { preferredMethod: 'fax' } }),
        () => api.authentication.enrollWith('otp'),
      ]) { try { f(); } catch (e) { console.log(e.name); } }
    `);
    expect(result.consoleLines).toEqual(['TypeError', 'TypeError', 'TypeError']);
    expect(result.mfaCommands).toEqual([]);
  });

  test(`should fail with 'command-limit' when one Action issues more than ${MFA_COMMAND_CAP} commands`, async () => {
    const result = await runPostLogin(`
      for (let i = 0; i < 5; i++) api.authentication.challengeWith({ type: 'otp' });
    `);
    expect(MFA_COMMAND_CAP).toBe(4);
    expect(result.outcome).toBe('failed');
    expect(result.error?.kind).toBe('command-limit');
    expect(result.mfaCommands).toHaveLength(5);
  });

  test('should record api.multifactor.enable, last call winning, and reject unknown providers', async () => {
    const result = await runPostLogin(`
      api.multifactor.enable('guardian', { allowRememberBrowser: true });
      api.multifactor.enable('any');
      try { api.multifactor.enable('sms'); } catch (e) { console.log(e.name); }
    `);
    expect(result.multifactor).toEqual({ provider: 'any', options: {} });
    expect(result.consoleLines).toEqual(['TypeError']);
  });

  test('should allow api.authentication.recordMethod only in onContinuePostLogin', async () => {
    const code = `
      exports.onExecutePostLogin = async (event, api) => { api.authentication.recordMethod('https://mfa.example.com'); };
      exports.onContinuePostLogin = async (event, api) => { api.authentication.recordMethod('https://mfa.example.com'); };
    `;
    const execute = await runAction(code);
    expect(execute.outcome).toBe('failed');
    expect(execute.error?.message).toBe(
      'Error: api.authentication.recordMethod() is only available in onContinuePostLogin',
    );

    const resume = await runAction(code, { handler: 'onContinuePostLogin' });
    expect(resume.outcome).toBe('ok');
    expect(resume.recordedMethods).toEqual(['https://mfa.example.com']);
  });
});

test.describe('transaction metadata (transaction-metadata)', () => {
  test('should be readable immediately in event.transaction.metadata and returned for the next Action', async () => {
    const event = sampleEvent({ transactionMetadata: { from_first_action: 'yes', stale: 1 } });
    const result = await runPostLogin(
      `
      api.transaction.setMetadata('risk', 3);
      api.transaction.setMetadata('checked', true);
      api.transaction.setMetadata('stale', null);
      console.log(JSON.stringify(event.transaction.metadata));
      `,
      { event },
    );
    expect(result.outcome).toBe('ok');
    expect(result.consoleLines).toEqual(['{"from_first_action":"yes","risk":3,"checked":true}']);
    expect(result.transactionMetadata).toEqual({
      from_first_action: 'yes',
      risk: 3,
      checked: true,
    });
    expect(event.transaction?.metadata).toEqual({ from_first_action: 'yes', stale: 1 });
  });

  test('should reject non-scalar values and totals over 16 KB', async () => {
    const result = await runPostLogin(`
      try { api.transaction.setMetadata('obj', { a: 1 }); } catch (e) { console.log(e.name); }
      api.transaction.setMetadata('big', 'x'.repeat(16000));
      try { api.transaction.setMetadata('more', 'y'.repeat(1000)); } catch (e) { console.log(e.message); }
    `);
    expect(result.consoleLines).toEqual([
      'TypeError',
      'api.transaction.setMetadata: transaction metadata exceeds 16 KB',
    ]);
    expect(Object.keys(result.transactionMetadata)).toEqual(['big']);
  });
});

test.describe('limits and failures', () => {
  test("should fail with 'timeout' when the Action awaits forever", async () => {
    const started = Date.now();
    const result = await runPostLogin(`await new Promise(() => {});`, { timeoutMs: 200 });
    expect(result.outcome).toBe('failed');
    expect(result.error).toEqual({
      kind: 'timeout',
      message: 'The Action did not finish within 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("should fail with 'timeout' on a synchronous infinite loop in the handler or at top level", async () => {
    const inHandler = await runPostLogin(`while (true) {}`, { timeoutMs: 200 });
    expect(inHandler.error?.kind).toBe('timeout');

    const topLevel = await runAction(`for (;;) {}\nexports.onExecutePostLogin = async () => {};`, {
      timeoutMs: 200,
    });
    expect(topLevel.error?.kind).toBe('timeout');

    const inTimer = await runPostLogin(
      `await new Promise((r) => setTimeout(() => { while (true) {} }, 10));`,
      { timeoutMs: 300 },
    );
    expect(inTimer.error?.kind).toBe('timeout');
  });

  test("should fail with 'threw' and keep what was recorded before the error", async () => {
    const result = await runPostLogin(`
      api.user.setAppMetadata('before', 1);
      console.log('about to fail');
      throw new Error('boom');
    `);
    expect(result.outcome).toBe('failed');
    expect(result.error).toEqual({ kind: 'threw', message: 'Error: boom' });
    expect(result.appMetadata).toEqual({ before: 1 });
    expect(result.consoleLines).toEqual(['about to fail']);
  });

  test("should fail with 'threw' when a timer callback throws, without crashing the host", async () => {
    const result = await runPostLogin(
      `
      setTimeout(() => { throw new RangeError('late'); }, 5);
      await new Promise(() => {});
    `,
      { timeoutMs: 2_000 },
    );
    expect(result.error).toEqual({ kind: 'threw', message: 'RangeError: late' });
  });

  test("should fail with 'threw' on an unhandled rejection inside the Action, without crashing the host", () => {
    // In a process of its own, as the emulator runs: Playwright's worker reports every unhandled
    // rejection as a test error, which is the very thing this test shows does not escape.
    const script = `
      const { executeAction } = await import('./emulator/actions/runtime.ts');
      const { sampleEvent } = await import('./emulator/actions/sample-event.ts');
      const r = await executeAction({
        code: "exports.onExecutePostLogin = async () => { Promise.reject(new Error('floating')); await new Promise((r) => setTimeout(r, 20)); };",
        handler: 'onExecutePostLogin', event: sampleEvent(), secrets: {},
      });
      await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify(r.error));
    `;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual({ kind: 'threw', message: 'Error: floating' });
  });

  test("should fail with 'threw' for a non-Error rejection", async () => {
    const result = await runPostLogin(`return Promise.reject('plain string');`);
    expect(result.error).toEqual({ kind: 'threw', message: 'plain string' });
  });

  test("should fail with 'compile' on a syntax error, and compileAction should report it with its line", async () => {
    const code = `exports.onExecutePostLogin = async (event, api) => {\n  const x = ;\n};`;
    expect(compileAction(code)).toEqual({
      ok: false,
      message: "SyntaxError: Unexpected token ';' (index.js:2)",
    });
    const result = await runAction(code);
    expect(result).toMatchObject({
      outcome: 'failed',
      error: { kind: 'compile', message: "SyntaxError: Unexpected token ';' (index.js:2)" },
    });
  });

  test('should not run the code when compileAction checks it', () => {
    expect(compileAction('throw new Error("ran")')).toEqual({ ok: true });
  });

  test("should fail with 'missing-handler' when the handler is not exported", async () => {
    const result = await runAction(`exports.onExecutePostLogin = async () => {};`, {
      handler: 'onContinuePostLogin',
    });
    expect(result.outcome).toBe('failed');
    expect(result.error?.kind).toBe('missing-handler');
  });

  test('should support module.exports assignment and a synchronous handler', async () => {
    const result = await runAction(
      `module.exports = { onExecutePostLogin(event, api) { api.access.deny('sync'); } };`,
    );
    expect(result).toMatchObject({ outcome: 'ok', deny: { reason: 'sync' } });
  });

  test('should ignore api calls and console output after the execution ended', async () => {
    const result = await runPostLogin(`
      setInterval(() => { console.log('tick'); api.user.setAppMetadata('late', true); }, 1);
    `);
    const lines = [...result.consoleLines];
    await new Promise((r) => setTimeout(r, 50));
    expect(result.consoleLines).toEqual(lines);
    expect(result.appMetadata).toEqual({});
  });
});

test.describe('isolation', () => {
  test('should give the Action its own copy of the event', async () => {
    const event = sampleEvent({ enrolledFactors: [{ type: 'otp' }] });
    const result = await runPostLogin(
      `
      event.user.app_metadata.biometrics = { enrolled: true };
      event.user.enrolledFactors.push({ type: 'webauthn-platform' });
      event.user.email = 'changed@example.com';
      delete event.transaction;
      event.secrets.API_KEY = 'stolen';
      console.log([] instanceof Array, Object.getPrototypeOf(event) === Object.prototype);
      `,
      { event, secrets: { API_KEY: 'k' } },
    );
    expect(result.outcome).toBe('ok');
    expect(result.consoleLines).toEqual(['true true']);
    expect(event.user.app_metadata).toEqual({});
    expect(event.user.enrolledFactors).toEqual([{ type: 'otp' }]);
    expect(event.user.email).toBe('new.user@example.com');
    expect(event.transaction?.id).toBe('tx_0000000000000001');
    expect(event.secrets).toEqual({});
  });

  test('should expose the Action secrets as event.secrets', async () => {
    const result = await runPostLogin(`console.log(event.secrets.API_KEY);`, {
      secrets: { API_KEY: 's3cr3t' },
    });
    expect(result.consoleLines).toEqual(['s3cr3t']);
  });

  test('should capture console output formatted like util.format', async () => {
    const result = await runPostLogin(`
      console.log('user %s has %d logins', event.user.user_id, event.stats.logins_count);
      console.info({ a: 1 });
      console.error(new Error('shown').message);
      console.warn('w', 2);
    `);
    expect(result.consoleLines).toEqual([
      'user auth0|65f0c0ffee0000000000beef has 1 logins',
      '{ a: 1 }',
      'shown',
      'w 2',
    ]);
  });

  test('should allow crypto, url and util and refuse other modules with a clear error', async () => {
    const allowed = await runPostLogin(`
      const crypto = require('crypto');
      const { URL } = require('node:url');
      const util = require('util');
      console.log(crypto.createHash('sha256').update('x').digest('hex').length, new URL('https://a.example/b').host, util.format('%s', 'ok'));
    `);
    expect(allowed.consoleLines).toEqual(['64 a.example ok']);

    const refused = await runPostLogin(`require('fs').readFileSync('/etc/passwd');`);
    expect(refused.outcome).toBe('failed');
    expect(refused.error?.kind).toBe('threw');
    expect(refused.error?.message).toMatch(
      /^Error: Cannot find module 'fs': the emulator's Actions runtime offers only the Node\.js builtins crypto, url, util/,
    );

    const topLevel = await runAction(
      `const axios = require('axios');\nexports.onExecutePostLogin = async () => {};`,
    );
    expect(topLevel.error?.message).toContain("Cannot find module 'axios'");
  });

  test('should not leak host globals such as process into the Action', async () => {
    const result = await runPostLogin(
      `console.log(typeof process, typeof globalThis.require, typeof require, typeof globalThis.fetch);`,
    );
    // `require` is the CommonJS module-scope function, as in Node; it is not a global.
    expect(result.consoleLines).toEqual(['undefined undefined function function']);
  });
});

test.describe('api.cache', () => {
  test('should keep values per cache across executions until they expire', async () => {
    let clock = new Date('2026-09-20T10:00:00.000Z');
    const cache = new ActionCache(() => clock);
    const first = await runPostLogin(
      `console.log(JSON.stringify(api.cache.set('k', 'v', { ttl: 60000 })));`,
      { cache, now: () => clock },
    );
    expect(first.consoleLines).toEqual([
      JSON.stringify({
        type: 'success',
        record: { value: 'v', expires_at: clock.getTime() + 60_000 },
      }),
    ]);
    const second = await runPostLogin(`console.log(api.cache.get('k').value);`, { cache });
    expect(second.consoleLines).toEqual(['v']);
    clock = new Date(clock.getTime() + 61_000);
    const third = await runPostLogin(`console.log(api.cache.get('k'));`, { cache });
    expect(third.consoleLines).toEqual(['undefined']);
  });
});
