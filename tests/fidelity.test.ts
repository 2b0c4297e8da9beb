/**
 * `npm run fidelity -- <capture.json>`: the embedded tenant's own capture shows no difference
 * from a fresh run of the same journey on another embedded tenant (exit 0), and every kind of
 * hand edit to a capture is reported by name (exit 1). The capture is a real one: the journey
 * runs once in a child Playwright process, capture on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { compareCaptures, formatDifference } from '../helpers/capture/compare.ts';
import { loadCapture } from '../helpers/capture/fidelity.ts';
import type { ScreenShape, UlCapture } from '../helpers/capture/types.ts';

const JOURNEY = 'e2e/biometric-first-login.spec.ts';
let out = '';
let captureFile = '';
let capture: UlCapture;

/** `npx tsx scripts/fidelity.ts …args`. */
function fidelity(args: string[], timeoutMs = 60_000) {
  return spawnSync('npx', ['tsx', 'scripts/fidelity.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, E2E_TARGET: 'emulator' },
    timeout: timeoutMs,
  });
}

/** A copy of the capture, edited by `edit`. */
function edited(edit: (c: UlCapture) => void): UlCapture {
  const copy = structuredClone(capture);
  edit(copy);
  return copy;
}

/** The screen at `path` of `login` in `c` (fails the test if the journey no longer shows it). */
function screen(c: UlCapture, login: string, path: string): ScreenShape {
  const s = c.logins.find((l) => l.label === login)?.screens.find((x) => x.path === path);
  if (!s) throw new Error(`the embedded journey's capture has no ${path} in ${login}`);
  return s;
}

/** The single difference of `live` from the real capture, formatted. */
function onlyDifference(live: UlCapture): string {
  const diffs = compareCaptures(live, capture);
  expect(diffs, diffs.map(formatDifference).join('\n')).toHaveLength(1);
  return formatDifference(diffs[0] as (typeof diffs)[0]);
}

test.describe('npm run fidelity', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(() => {
    test.setTimeout(300_000);
    out = mkdtempSync(join(resolve('.tmp'), 'fidelity-test-'));
    const run = spawnSync(
      'npx',
      [
        'playwright',
        'test',
        JOURNEY,
        '--project=journey',
        '--workers=1',
        `--output=${join(out, 'results')}`,
        '--reporter=line',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, E2E_TARGET: 'emulator', ALLURE_RESULTS_DIR: join(out, 'allure') },
        timeout: 280_000,
      },
    );
    const found = readdirSync(join(out, 'results'), { recursive: true, encoding: 'utf8' }).find(
      (f) => f.endsWith('ul-capture.json'),
    );
    expect(found, `child run output:\n${run.stdout}\n${run.stderr}`).toBeTruthy();
    captureFile = join(out, 'results', found as string);
    capture = loadCapture(captureFile);
  });

  test("should find no difference between the embedded tenant's capture and a fresh run of its journey", () => {
    test.setTimeout(300_000);
    const run = fidelity([captureFile], 280_000);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('No difference');
  });

  test('should exit 1 and print the difference of a capture edited by hand', () => {
    const file = join(out, 'edited.json');
    writeFileSync(
      file,
      JSON.stringify(edited((c) => (screen(c, 'login 2', '/u/login').headings = ['Log in']))),
    );
    const run = fidelity([file, '--reference', captureFile]);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toContain(
      'login 2 · /u/login: heading-changed: ["Welcome"] (embedded) → ["Log in"] (live)',
    );
  });

  test('should exit 2 on a file that is not a capture', () => {
    const file = join(out, 'not-a-capture.json');
    writeFileSync(file, '{"hello":1}');
    expect(fidelity([file, '--reference', captureFile]).status).toBe(2);
  });

  test('should report a screen the embedded tenant does not show (missing)', () => {
    const live = edited((c) => {
      const l1 = c.logins[0] as UlCapture['logins'][0];
      l1.screens.splice(1, 0, {
        path: '/u/passkey-enrollment',
        title: '',
        headings: [],
        forms: [],
      });
    });
    expect(onlyDifference(live)).toBe(
      'login 1 · /u/passkey-enrollment: screen-missing: live shows it after /u/signup; the embedded tenant does not',
    );
  });

  test('should report a screen only the embedded tenant shows (extra)', () => {
    const live = edited((c) => {
      const l1 = c.logins[0] as UlCapture['logins'][0];
      l1.screens = l1.screens.filter((s) => s.path !== '/u/mfa-otp-enrollment-qr');
    });
    expect(onlyDifference(live)).toMatch(
      /^login 1 · \/u\/mfa-otp-enrollment-qr: screen-extra: the embedded tenant shows it after /,
    );
  });

  test('should report a field renamed', () => {
    const live = edited((c) => {
      const f = screen(c, 'login 2', '/u/login').forms[0]?.inputs.find(
        (i) => i.name === 'username',
      );
      if (f) f.name = 'email';
    });
    expect(onlyDifference(live)).toBe(
      'login 2 · /u/login: field-renamed: "username" (type text, id username) (embedded) → "email" (type text, id username) (live)',
    );
  });

  test('should report a field added', () => {
    const live = edited((c) =>
      screen(c, 'login 2', '/u/login').forms[0]?.inputs.push({
        name: 'captcha',
        id: '',
        type: 'hidden',
        visible: false,
      }),
    );
    expect(onlyDifference(live)).toBe(
      'login 2 · /u/login: field-added: "captcha" (type hidden, no id): live has it, the embedded tenant does not',
    );
  });

  test('should report a field removed', () => {
    const live = edited((c) => {
      const form = screen(c, 'login 2', '/u/login').forms[0];
      if (form) form.inputs = form.inputs.filter((i) => i.name !== 'password');
    });
    expect(onlyDifference(live)).toBe(
      'login 2 · /u/login: field-removed: "password" (type password, id password): the embedded tenant has it, live does not',
    );
  });

  test("should report a button whose value was renamed (a real picker's otp::0)", () => {
    const live = edited((c) => {
      const b = screen(c, 'login 1', '/u/mfa-webauthn-platform-enrollment')
        .forms.flatMap((f) => f.buttons)
        .find((x) => x.value === 'snooze-enrollment');
      if (b) b.value = 'snooze-enrollment::0';
    });
    expect(onlyDifference(live)).toBe(
      'login 1 · /u/mfa-webauthn-platform-enrollment: button-renamed: action=snooze-enrollment "Remind me later" (embedded) → action=snooze-enrollment::0 "Remind me later" (live)',
    );
  });

  test('should report a button whose text was renamed', () => {
    const live = edited((c) => {
      const b = screen(c, 'login 2', '/u/login').forms[0]?.buttons[0];
      if (b) b.text = 'Log In';
    });
    expect(onlyDifference(live)).toBe(
      'login 2 · /u/login: button-renamed: action=default "Continue" (embedded) → action=default "Log In" (live)',
    );
  });

  test('should report a button added', () => {
    const live = edited((c) =>
      screen(c, 'login 1', '/u/signup').forms[0]?.buttons.push({
        name: 'connection',
        value: 'google-oauth2',
        text: 'Continue with Google',
        type: 'submit',
        visible: true,
      }),
    );
    expect(onlyDifference(live)).toBe(
      'login 1 · /u/signup: button-added: connection=google-oauth2 "Continue with Google": live has it, the embedded tenant does not',
    );
  });

  test('should report a button removed', () => {
    const live = edited((c) => {
      for (const f of screen(c, 'login 1', '/u/mfa-webauthn-platform-enrollment').forms) {
        f.buttons = f.buttons.filter((b) => b.value !== 'refuse-add-device');
      }
    });
    expect(onlyDifference(live)).toBe(
      'login 1 · /u/mfa-webauthn-platform-enrollment: button-removed: action=refuse-add-device "Not on this device": the embedded tenant has it, live does not',
    );
  });

  test('should report a heading changed', () => {
    const live = edited(
      (c) =>
        (screen(c, 'login 1', '/u/mfa-webauthn-platform-enrollment').headings = [
          'Log In Faster on This Device!',
        ]),
    );
    expect(onlyDifference(live)).toBe(
      'login 1 · /u/mfa-webauthn-platform-enrollment: heading-changed: ["Log In Faster on This Device"] (embedded) → ["Log In Faster on This Device!"] (live)',
    );
  });

  test('should report a log type the embedded tenant does not write', () => {
    const live = edited((c) =>
      c.logins[1]?.logEvents?.push({
        type: 'gd_webauthn_challenge_failed',
        fields: { type: '<string>' },
      }),
    );
    expect(onlyDifference(live)).toBe(
      'login 2: log-type-not-written: live writes "gd_webauthn_challenge_failed"; the embedded tenant does not',
    );
  });

  test("should report a log field absent from the embedded tenant's events", () => {
    const live = edited((c) => {
      const s = c.logins[0]?.logEvents?.find((e) => e.type === 's');
      if (!s) throw new Error('login 1 has no Success Login event');
      s.fields['details.prompts[].performed_amr[]'] = '<string>';
    });
    expect(onlyDifference(live)).toBe(
      'login 1: log-field-absent: "s" has "details.prompts[].performed_amr[]" live; the embedded tenant\'s does not',
    );
  });
});
