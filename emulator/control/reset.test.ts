/**
 * `POST /__emulator/reset` cannot be triggered by a web page (reliability audit §6): a form post,
 * a request without the reset header, and any request from a foreign origin are refused, and
 * the tenant keeps its users.
 */
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { storeUser } from '../testing/stored-user.ts';
import { RESET_HEADER, RESET_PATH } from './routes.ts';

/** A worker of its own: a reset here must never wipe another file's tenant. */
test.use({ emulatorConfig: { tenantName: 'reset' } });

const JSON_RESET = { 'content-type': 'application/json', [RESET_HEADER]: '1' };

function reset(emulator: Emulator, headers: Record<string, string>, body = '{}') {
  return fetch(`${emulator.origin}${RESET_PATH}`, { method: 'POST', headers, body });
}

function seed(emulator: Emulator): void {
  storeUser(emulator.context.tenant, {
    user_id: 'auth0|reset-canary',
    email: 'reset-canary@example.com',
    name: 'reset-canary@example.com',
    nickname: 'reset-canary',
    picture: 'https://s.gravatar.com/avatar/0?s=480&r=pg&d=mp',
  });
}

test.describe('POST /__emulator/reset refuses what a web page can send', () => {
  test('should refuse a cross-origin form post, like a CSRF from any page', async ({
    emulator,
  }) => {
    seed(emulator);
    const cases: [Record<string, string>, string, number][] = [
      // What an HTML form on https://evil.example sends.
      [
        { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        'a=1',
        403,
      ],
      // The same form, with Chromium's fetch metadata and no Origin.
      [
        { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        'a=1',
        403,
      ],
      // A cross-origin fetch that sets the header and the content type (its preflight fails in
      // a browser; sent directly, the Origin still refuses it).
      [{ ...JSON_RESET, origin: 'http://localhost:1' }, '{}', 403],
      [{ ...JSON_RESET, origin: 'null' }, '{}', 403],
      // Same origin, but no header or not JSON.
      [{ 'content-type': 'application/json' }, '{}', 400],
      [{ 'content-type': 'text/plain', [RESET_HEADER]: '1' }, '{}', 400],
      [{ ...JSON_RESET, [RESET_HEADER]: 'yes' }, '{}', 400],
    ];
    for (const [headers, body, status] of cases) {
      const res = await reset(emulator, headers, body);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(await res.json()).toMatchObject({ status: 'refused' });
    }
    expect(emulator.context.tenant.users.has('auth0|reset-canary')).toBe(true);
  });

  test('should not be reset by a page of another origin in Chromium, by form or by fetch', async ({
    emulator,
    page,
  }) => {
    seed(emulator);
    const other = new URL(emulator.context.config.app.callbackUrls[0] ?? '').origin;
    await page.goto(`${other}/`);
    const target = `${emulator.origin}${RESET_PATH}`;
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === target),
      page.evaluate((action) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = action;
        document.body.append(form);
        form.submit();
      }, target),
    ]);
    expect(response.status()).toBe(403);
    // The form's navigation finishes on the refusal before the page goes anywhere else.
    await page.waitForURL(target);
    await page.goto(`${other}/`);
    const fetched = await page.evaluate(
      ([action, header]) =>
        fetch(action, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [header]: '1' },
          body: '{}',
        }).then(
          (r) => `status ${r.status}`,
          (e: unknown) => `failed ${String(e)}`,
        ),
      [target, RESET_HEADER] as const,
    );
    // The CORS preflight is never granted, so the request itself is never sent.
    expect(fetched).toMatch(/^failed TypeError/);
    expect(emulator.context.tenant.users.has('auth0|reset-canary')).toBe(true);
  });

  test('should reset on a same-origin JSON request with the reset header', async ({ emulator }) => {
    seed(emulator);
    const res = await reset(emulator, { ...JSON_RESET, origin: emulator.origin });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'reset' });
    expect(emulator.context.tenant.users.size).toBe(0);
  });
});
