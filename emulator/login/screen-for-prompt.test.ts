/**
 * Prompts to screens (auth0-behaviour.md §2.3, §2.5): the flow engine answers prompts and
 * Universal Login shows each on Auth0's screen; every screen name has a handler with its path.
 */
import { test, expect } from '../testing/fixtures.ts';
import type { PromptView } from '../flow/transaction.ts';
import { SCREENS, screenPath } from './routes.ts';
import { screenForPrompt, type ScreenName } from './screen-for-prompt.ts';

const mfa = (p: Partial<PromptView> & Pick<PromptView, 'kind'>): PromptView => ({
  source: 'action',
  factors: ['otp', 'webauthn-platform'],
  picker: false,
  started: [],
  ...p,
});

test.describe('Universal Login: the screen for each prompt (auth0-behaviour.md §2.5)', () => {
  test('should show each prompt on its Auth0 screen', () => {
    const cases: [Parameters<typeof screenForPrompt>[0], ScreenName][] = [
      [{ name: 'first-factor' }, 'login'],
      [{ name: 'browser-capabilities' }, 'mfa-detect-browser-capabilities'],
      [{ name: 'recovery-code' }, 'mfa-recovery-code-enrollment'],
      [{ name: 'passkey-enrollment' }, 'passkey-enrollment'],
      [{ name: 'mfa', mfa: mfa({ kind: 'challenge', picker: true }) }, 'mfa-login-options'],
      [{ name: 'mfa', mfa: mfa({ kind: 'enroll', picker: true }) }, 'mfa-begin-enroll-options'],
      [{ name: 'mfa', mfa: mfa({ kind: 'enroll', selected: 'otp' }) }, 'mfa-otp-enrollment-qr'],
      [
        { name: 'mfa', mfa: mfa({ kind: 'enroll', selected: 'otp', otpView: 'code' }) },
        'mfa-otp-enrollment-code',
      ],
      [
        { name: 'mfa', mfa: mfa({ kind: 'enroll', selected: 'webauthn-platform' }) },
        'mfa-webauthn-platform-enrollment',
      ],
      [{ name: 'mfa', mfa: mfa({ kind: 'challenge', selected: 'otp' }) }, 'mfa-otp-challenge'],
      [
        { name: 'mfa', mfa: mfa({ kind: 'challenge', selected: 'webauthn-platform' }) },
        'mfa-webauthn-platform-challenge',
      ],
      [
        {
          name: 'mfa',
          mfa: mfa({ kind: 'challenge', selected: 'webauthn-platform', webauthnError: true }),
        },
        'mfa-webauthn-error',
      ],
      [
        {
          name: 'mfa',
          mfa: mfa({ kind: 'enroll', selected: 'webauthn-platform', webauthnError: true }),
        },
        'mfa-webauthn-error',
      ],
    ];
    for (const [prompt, screen] of cases) expect(screenForPrompt(prompt)).toBe(screen);
  });

  test('should serve every screen on its own /u/ path, filed under its own name', () => {
    const entries = Object.entries(SCREENS);
    expect(entries).toHaveLength(15);
    for (const [name, handler] of entries) {
      expect(handler.name).toBe(name);
      expect(screenPath(name as ScreenName)).toMatch(/^\/u\/[a-z/-]+$/);
    }
    expect(new Set(entries.map(([, h]) => h.path)).size).toBe(entries.length);
    expect(screenPath('mfa-webauthn-platform-challenge')).toBe(
      '/u/mfa-webauthn-platform-challenge',
    );
    expect(screenPath('login-id')).toBe('/u/login/identifier');
  });
});
