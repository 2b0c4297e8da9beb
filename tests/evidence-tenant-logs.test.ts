/**
 * The tenant's log events, normalised and assigned to logins (helpers/evidence/tenant-logs.ts):
 * the k-th Success Login (`s`) closes login k; time windows are the fallback.
 */
import { test, expect } from '@playwright/test';
import {
  assign,
  summarise,
  toRawLog,
  type LoginWindow,
  type RawLog,
} from '../helpers/evidence/tenant-logs.ts';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const log = (ms: number, type: string, authenticatorType?: string): RawLog =>
  toRawLog({
    date: at(ms),
    type,
    ...(authenticatorType ? { details: { authenticator: { type: authenticatorType } } } : {}),
  });
const window = (from: number, to: number, answered = false): LoginWindow => ({
  startedAt: T0 + from,
  endedAt: T0 + to,
  webauthnCalls: answered
    ? [{ kind: 'get', outcome: 'resolved', at: T0 + from, path: '/u/x' }]
    : [],
});
const types = (events: RawLog[]) => events.map((e) => e.type);

test.describe('helpers/evidence/tenant-logs: assign', () => {
  test('should give login k the events up to and including the k-th Success Login', () => {
    const logs = [
      log(100, 'ss'),
      log(200, 'gd_enrollment_complete', 'webauthn-platform'),
      log(300, 's'),
      log(1100, 'gd_start_auth', 'webauthn-platform'),
      log(1200, 'gd_auth_succeed', 'webauthn-platform'),
      log(1300, 's'),
      // Stamped outside login 3's window (tenant clock): the closer still assigns it.
      log(5000, 'gd_auth_succeed', 'webauthn-platform'),
      log(5100, 's'),
    ];
    const { perLogin, settled } = assign(
      [window(0, 400), window(1000, 1400, true), window(2000, 2400, true)],
      logs,
    );
    expect(perLogin.map((l) => types(l.events))).toEqual([
      ['ss', 'gd_enrollment_complete', 's'],
      ['gd_start_auth', 'gd_auth_succeed', 's'],
      ['gd_auth_succeed', 's'],
    ]);
    expect(perLogin.map((l) => l.status)).toEqual(['complete', 'complete', 'complete']);
    expect(perLogin.every((l) => l.note === undefined)).toBe(true);
    expect(settled).toBe(true);
  });

  test('should fall back to time windows until every login has its Success Login', () => {
    // A sign-up that logs only `ss` (live-fidelity L1): 1 `s` for 2 logins.
    const logs = [
      log(100, 'ss'),
      log(1150, 'gd_auth_succeed', 'webauthn-platform'),
      log(1300, 's'),
    ];
    const { perLogin, settled } = assign([window(0, 400), window(1000, 1400, true)], logs);
    expect(perLogin.map((l) => types(l.events))).toEqual([['ss'], ['gd_auth_succeed', 's']]);
    expect(perLogin.map((l) => l.status)).toEqual(['incomplete', 'complete']);
    expect(perLogin[0]?.note).toBe('only 1 Success Login event(s) for 2 logins; assigned by time');
    expect(settled).toBe(false);
  });

  test('should accept events within a second of the window, not beyond', () => {
    const logs = [log(-900, 'ss'), log(-1100, 'f'), log(1400 + 999, 's'), log(1400 + 1001, 'w')];
    const [only] = assign(
      [window(0, 1400)],
      logs.sort((a, b) => a.date.localeCompare(b.date)),
    ).perLogin;
    // One `s` for one login: assigned by closers, so everything up to the `s` belongs to it.
    expect(types(only?.events ?? [])).toEqual(['f', 'ss', 's']);
    const [byTime] = assign([window(0, 1400), window(5000, 6000)], logs).perLogin;
    expect(types(byTime?.events ?? [])).toEqual(['ss', 's']);
  });

  test('should keep waiting for gd_auth_succeed where the browser answered, without making it decide', () => {
    const logs = [log(100, 's')];
    const answered = assign([window(0, 400, true)], logs);
    expect(answered.perLogin[0]?.status).toBe('complete');
    expect(answered.settled).toBe(false);
    expect(assign([window(0, 400)], logs).settled).toBe(true);
  });
});

test.describe('helpers/evidence/tenant-logs: normalisation', () => {
  test('should normalise the SDK’s event into the fields the evidence uses', () => {
    const date = new Date(T0);
    const raw = {
      log_id: 'L1',
      date,
      type: 'gd_auth_succeed',
      description: 'Multi-factor authentication success.',
      details: { authenticator: { id: 'a', type: 'webauthn-platform' } },
    };
    expect(toRawLog(raw)).toEqual({
      log_id: 'L1',
      date: date.toISOString(),
      type: 'gd_auth_succeed',
      description: 'Multi-factor authentication success.',
      authenticatorType: 'webauthn-platform',
      raw,
    });
    expect(toRawLog({ date: 'x', type: 's', log_id: 7 })).toEqual({
      date: 'x',
      type: 's',
      raw: { date: 'x', type: 's', log_id: 7 },
    });
  });

  test('should mark the emulator-only detail fields and read Auth0’s prompts', () => {
    expect(
      summarise({
        source: 'policy',
        requiredBy: 'multifactor.enable',
        factors: ['otp'],
        readFrom: 'snapshot',
      }),
    ).toBe('emulator-only: factors otp, read snapshot, required by multifactor.enable');
    expect(
      summarise({
        prompts: [{ name: 'lock' }, { name: 'mfa', performed_amr: ['mfa'], provider: 'guardian' }],
        amr: ['mfa'],
        actions: { executions: ['e1'] },
      }),
    ).toBe('prompt lock; prompt mfa ["mfa"]; 1 Action execution(s); emulator-only: amr ["mfa"]');
    expect(summarise({ authenticator: { type: 'otp' } })).toBeUndefined();
    expect(summarise(null)).toBeUndefined();
  });
});
