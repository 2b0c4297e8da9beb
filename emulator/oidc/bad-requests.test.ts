import { getAuthorize } from '../testing/authorize-request.ts';
import { test, expect } from '../testing/fixtures.ts';

/** Anything that looks like a leaked stack trace or internal detail. */
const LEAK = /\bat [\w.<>]+ \(|node_modules|\.js:\d+|\.ts:\d+|oops! something went wrong/i;

test.describe('Bad requests never yield a 500 or a stack trace', () => {
  test('should render the tenant error page for an unknown client', async ({ emulator }) => {
    const res = await fetch(`${emulator.origin}/authorize?client_id=nope&response_type=code`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Oops!, something went wrong');
    expect(html).toContain('invalid_client');
    expect(html).not.toMatch(LEAK);
  });

  test("should show Auth0's callback mismatch text for an unregistered redirect_uri", async ({
    emulator,
  }) => {
    const res = await getAuthorize(emulator, {
      client_id: emulator.context.config.app.clientId,
      response_type: 'code',
      redirect_uri: 'https://evil.example/callback',
      scope: 'openid',
    });
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.text).toContain('Callback URL mismatch.');
  });

  test('should escape request input on the error page', async ({ emulator }) => {
    const res = await fetch(
      `${emulator.origin}/v2/logout?client_id=${encodeURIComponent('<script>alert(1)</script>')}`,
      { headers: { accept: 'text/html' } },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const cases: [string, string, RequestInit][] = [
    ['authorize without parameters', '/authorize', {}],
    ['authorize with duplicated parameters', '/authorize?client_id=a&client_id=b', {}],
    ['authorize with a malformed claims parameter', '/authorize?client_id=a&claims=%7B', {}],
    ['authorize with a bogus prompt', '/authorize?client_id=a&prompt=bogus&response_type=code', {}],
    ['resume of an unknown transaction', '/authorize/unknown-uid', {}],
    ['token without a body', '/oauth/token', { method: 'POST' }],
    [
      'token with a JSON body',
      '/oauth/token',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' },
    ],
    [
      'token with an unknown grant type',
      '/oauth/token',
      { method: 'POST', headers: form, body: 'grant_type=password&client_id=x&client_secret=y' },
    ],
    [
      'token with a malformed basic header',
      '/oauth/token',
      {
        method: 'POST',
        headers: { ...form, authorization: 'Basic %%%' },
        body: 'grant_type=client_credentials',
      },
    ],
    [
      'token with a bogus code',
      '/oauth/token',
      {
        method: 'POST',
        headers: form,
        body: 'grant_type=authorization_code&code=x&client_id=x&client_secret=y',
      },
    ],
    ['userinfo with a bogus token', '/userinfo', { headers: { authorization: 'Bearer nope' } }],
    ['logout of an unknown client', '/v2/logout?client_id=nope', {}],
    ['logout with a malformed returnTo', '/v2/logout?returnTo=%%', {}],
    ['an unknown path', '/nope', {}],
  ];
  for (const [name, path, init] of cases) {
    test(`should answer 4xx without internals: ${name}`, async ({ emulator }) => {
      const res = await fetch(`${emulator.origin}${path}`, { redirect: 'manual', ...init });
      expect(res.status, await res.clone().text()).toBeLessThan(500);
      expect(await res.text()).not.toMatch(LEAK);
    });
  }
});
