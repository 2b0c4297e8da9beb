/**
 * @module scripts/bench/floor/navigation-floor.spec
 * The journey's navigation floor, run only by `npm run bench` (scripts/bench/playwright.config.ts):
 * the same pages, redirects and form posts as `e2e/biometric-first-login.spec.ts` (floor-server.ts)
 * with the same ceremonies — one WebAuthn registration, two assertions — through the same
 * browser, launch options, context and CDP virtual authenticator (the journey's own `test`
 * from fixtures/, so both run in one worker, one after the other), driven with nothing but
 * Playwright's own waits. Nothing is verified on the server side, no screenshot is taken, no
 * evidence kept: what is left is what the browser costs. The bench runs copies of this file
 * (scripts/bench/spec-copies.ts); the sites are started once per worker process.
 */
import { expect, test } from '../../../fixtures/index.ts';
import type { Locator, Page } from '@playwright/test';
import { loadConfig } from '../../../helpers/config/env.ts';
import { TotpDevice } from '../../../helpers/user/totp.ts';
import { floorSites, type FloorSites } from './floor-server.ts';

const CONTINUE = 'button[name="action"][value="default"]';
const EMAIL = 'floor@example.com';
// The floor posts it to static pages; it is nobody's password.
const PASSWORD = 'Floor-Passw0rd';

/** Clicks and waits for the page the click leads to (through any redirects and auto-posts). */
async function submit(page: Page, button: Locator, next: RegExp): Promise<void> {
  await button.click();
  await page.waitForURL(next, { waitUntil: 'domcontentloaded' });
}

async function readClaims(page: Page): Promise<unknown> {
  return JSON.parse(await page.locator('pre#claims').innerText()) as unknown;
}

async function logOut(page: Page, floor: FloorSites): Promise<void> {
  await page.goto(`${floor.app}/logout`, { waitUntil: 'domcontentloaded' });
  await page.locator('#session').waitFor();
}

async function logIn(page: Page, floor: FloorSites): Promise<unknown> {
  await page.goto(`${floor.app}/login`, { waitUntil: 'domcontentloaded' });
  await page.locator('#username').fill(EMAIL);
  await page.locator('#password').fill(PASSWORD);
  await submit(page, page.locator(CONTINUE), /\/u\/mfa-webauthn-platform-challenge/);
  await submit(page, page.locator(CONTINUE), /\/callback/);
  return readClaims(page);
}

test('should walk the journey’s pages with one registration and two assertions', async ({
  page,
  authenticator,
}) => {
  const floor = await floorSites(loadConfig().emulator.tlsDir);
  await test.step('login 1', async () => {
    await page.goto(`${floor.app}/signup`, { waitUntil: 'domcontentloaded' });
    await page.locator('#email').fill(EMAIL);
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator(CONTINUE), /\/u\/mfa-otp-enrollment-qr/);
    await submit(
      page,
      page.getByRole('button', { name: 'Trouble Scanning?' }),
      /\/u\/mfa-otp-enrollment-code/,
    );
    const device = new TotpDevice(await page.locator('#secret').innerText());
    await page.locator('#code').fill(await device.nextCode());
    await submit(page, page.locator(CONTINUE), /\/u\/mfa-webauthn-platform-enrollment/);
    await submit(page, page.locator(CONTINUE), /\/callback/);
    expect(await readClaims(page)).toHaveProperty('sub');
  });
  await test.step('logout after login 1', () => logOut(page, floor));
  await test.step('login 2', async () => expect(await logIn(page, floor)).toHaveProperty('sub'));
  await test.step('logout after login 2', () => logOut(page, floor));
  await test.step('login 3', async () => expect(await logIn(page, floor)).toHaveProperty('sub'));
  expect(authenticator.events.map((e) => e.kind)).toEqual(['added', 'asserted', 'asserted']);
  expect(authenticator.calls.map((c) => `${c.kind} ${c.outcome}`)).toEqual([
    'create resolved',
    'get resolved',
    'get resolved',
  ]);
});
