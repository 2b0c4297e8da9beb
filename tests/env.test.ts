import { test, expect } from '@playwright/test';
import { EnvError, liveEnv, parseConfig, parseEnv } from '../helpers/config/env.ts';

const LIVE = {
  E2E_TARGET: 'live',
  AUTH0_DOMAIN: 'test.eu.auth0.com',
  E2E_ALLOWED_TENANTS: 'test.eu.auth0.com',
  AUTH0_CLIENT_ID: 'a',
  AUTH0_CLIENT_SECRET: 'b',
  AUTH0_MGMT_CLIENT_ID: 'c',
  AUTH0_MGMT_CLIENT_SECRET: 'd',
};

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error('expected an EnvError');
};

test.describe('helpers/config/env', () => {
  test('should default to the emulator target, which starts its own tenants', () => {
    const config = parseConfig({});
    expect(config.target).toBe('emulator');
    expect(config.live).toBeUndefined();
    expect(config.emulator).toEqual({
      userReads: 'snapshot',
      rateLimit: 'default',
      tlsDir: '.tmp/tenant-tls',
    });
    // Live operations need a live tenant and say how to rehearse one offline.
    expect(messageOf(() => liveEnv(config, '`npm run doctor`'))).toMatch(
      /`npm run doctor` talks to a live tenant.*EMULATOR_HTTPS=1 npm run tenant/s,
    );
  });

  test('should reach a live tenant at https://{domain} with the callback of .env', () => {
    const env = parseEnv({ ...LIVE, AUTH0_CALLBACK_URL: 'http://localhost:3999/callback' });
    expect(env.origin).toBe('https://test.eu.auth0.com');
    expect(env.testAppPort).toBe(3999);
    expect(env.testAppOrigin).toBe('http://localhost:3999');
    expect(parseEnv(LIVE).callbackUrl).toBe('http://localhost:3000/callback');
  });

  test('should name every missing key for a live target in one error', () => {
    const msg = messageOf(() => parseConfig({ E2E_TARGET: 'live' }));
    for (const key of [
      'AUTH0_DOMAIN',
      'AUTH0_CLIENT_ID',
      'AUTH0_CLIENT_SECRET',
      'AUTH0_MGMT_CLIENT_ID',
      'AUTH0_MGMT_CLIENT_SECRET',
      'E2E_ALLOWED_TENANTS',
    ]) {
      expect(msg).toContain(key);
    }
  });

  test('should refuse a live tenant that is not in E2E_ALLOWED_TENANTS', () => {
    expect(() => parseConfig({ ...LIVE, AUTH0_DOMAIN: 'prod.eu.auth0.com' })).toThrow(
      /not in E2E_ALLOWED_TENANTS/,
    );
    expect(parseEnv({ ...LIVE, AUTH0_DOMAIN: 'Test.eu.auth0.com' }).origin).toBe(
      'https://Test.eu.auth0.com',
    );
  });

  test('should reject a domain given as a URL', () => {
    expect(() => parseConfig({ AUTH0_DOMAIN: 'https://x.auth0.com/' })).toThrow(/AUTH0_DOMAIN/);
  });

  test('should reject an invalid target and name it', () => {
    expect(() => parseConfig({ E2E_TARGET: 'prod' })).toThrow(/E2E_TARGET/);
  });

  test('should refuse the same port for the tenant and the test application', () => {
    expect(messageOf(() => parseConfig({ EMULATOR_PORT: '4212', TEST_APP_PORT: '4212' }))).toMatch(
      /TEST_APP_PORT: equals EMULATOR_PORT \(4212\)/,
    );
  });

  test('should refuse a callback URL without a scheme, naming the key', () => {
    expect(messageOf(() => parseConfig({ AUTH0_CALLBACK_URL: 'localhost:4211/callback' }))).toMatch(
      /AUTH0_CALLBACK_URL: must be an absolute http\(s\) URL/,
    );
  });

  test('should refuse a callback URL on another port than the test application', () => {
    expect(
      messageOf(() =>
        parseConfig({
          AUTH0_CALLBACK_URL: 'http://localhost:4299/callback',
          TEST_APP_PORT: '4211',
        }),
      ),
    ).toMatch(/AUTH0_CALLBACK_URL: is on port 4299 but TEST_APP_PORT is 4211/);
  });

  test('should refuse a callback URL off localhost, where the test application runs', () => {
    expect(
      messageOf(() => parseConfig({ AUTH0_CALLBACK_URL: 'https://app.example.com/callback' })),
    ).toMatch(/AUTH0_CALLBACK_URL: must be on localhost/);
  });

  test('should name a misspelt key and suggest the known one', () => {
    const msg = messageOf(() => parseConfig({ E2E_TARGT: 'live', AUTH0_DOMIAN: 'x' }));
    expect(msg).toContain('E2E_TARGT: not a setting of this harness; did you mean E2E_TARGET?');
    expect(msg).toContain(
      'AUTH0_DOMIAN: not a setting of this harness; did you mean AUTH0_DOMAIN?',
    );
    // Other programs' variables are none of its business.
    expect(() => parseConfig({ PATH: '/bin', AUTH0_AUDIENCE_FOR_MY_API: 'x' })).not.toThrow();
  });

  test('should name a .env line that is not KEY=VALUE', () => {
    const msg = messageOf(() =>
      parseConfig({}, { dotenvText: '# comment\nE2E_TARGET=emulator\nE2E_TARGET live\n' }),
    );
    expect(msg).toContain('.env line 3: not KEY=VALUE');
    expect(() => parseConfig({}, { dotenvText: 'A="multi\nline value"\n\nB=1\n' })).not.toThrow();
  });
});
