/**
 * @module helpers/config/browser
 * Finds a Chromium to drive: Playwright's own build when it is installed, else the system's
 * (`/usr/bin/chromium`, Debian's package), else a clear error saying how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export interface BrowserChoice {
  /** `undefined` means Playwright's bundled Chromium. */
  executablePath: string | undefined;
  source: 'override' | 'playwright' | 'system';
}

/** @param override E2E_BROWSER_PATH, if set. */
export function findChromium(override?: string): BrowserChoice {
  if (override) {
    if (!existsSync(override))
      throw new Error(`E2E_BROWSER_PATH points to "${override}", which does not exist`);
    return { executablePath: override, source: 'override' };
  }
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return { executablePath: undefined, source: 'playwright' };
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  if (system) return { executablePath: system, source: 'system' };
  throw new Error(
    'No Chromium found. Install one: `npx playwright install chromium` (with internet) or ' +
      '`apt-get install -y chromium` (Debian), or set E2E_BROWSER_PATH.',
  );
}

/**
 * The user agent of desktop Chrome on macOS, where Auth0 offers device biometrics (Touch ID;
 * https://auth0.com/docs/secure/multi-factor-authentication/fido-authentication-with-webauthn/configure-webauthn-device-biometrics-for-mfa),
 * with the major version of the browser actually driven (`browser.version()`), in Chrome's
 * reduced form (minor, build and patch are zeros).
 */
export function desktopChromeUserAgent(version: string): string {
  const major = /^(\d+)/.exec(version)?.[1] ?? '0';
  return `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

/** Flags that keep Chromium quiet and offline-safe on CI machines (see environment.md). */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
