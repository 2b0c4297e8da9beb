import { test, expect } from '@playwright/test';
import { EnvError, parseEnv } from '../helpers/env.ts';

test.describe('helpers/env', () => {
  test('should default to the emulator with no configuration at all', () => {
    const env = parseEnv({});
    expect(env.target).toBe('emulator');
    expect(env.domain).toBe('localhost:4010');
    expect(env.origin).toBe('http://localhost:4010');
    expect(env.callbackUrl).toBe('http://localhost:3000/callback');
  });

  test('should name every missing key for a live target in one error', () => {
    expect(() => parseEnv({ E2E_TARGET: 'live' })).toThrow(EnvError);
    try {
      parseEnv({ E2E_TARGET: 'live' });
    } catch (err) {
      const msg = (err as Error).message;
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
    }
  });

  test('should refuse a live tenant that is not in E2E_ALLOWED_TENANTS', () => {
    const base = {
      E2E_TARGET: 'live',
      AUTH0_CLIENT_ID: 'a',
      AUTH0_CLIENT_SECRET: 'b',
      AUTH0_MGMT_CLIENT_ID: 'c',
      AUTH0_MGMT_CLIENT_SECRET: 'd',
    };
    expect(() =>
      parseEnv({
        ...base,
        AUTH0_DOMAIN: 'prod.eu.auth0.com',
        E2E_ALLOWED_TENANTS: 'test.eu.auth0.com',
      }),
    ).toThrow(/not in E2E_ALLOWED_TENANTS/);
    const ok = parseEnv({
      ...base,
      AUTH0_DOMAIN: 'Test.eu.auth0.com',
      E2E_ALLOWED_TENANTS: 'test.eu.auth0.com',
    });
    expect(ok.origin).toBe('https://Test.eu.auth0.com');
  });

  test('should reject a domain given as a URL', () => {
    expect(() => parseEnv({ AUTH0_DOMAIN: 'https://x.auth0.com/' })).toThrow(/AUTH0_DOMAIN/);
  });

  test('should reject an invalid target and name it', () => {
    expect(() => parseEnv({ E2E_TARGET: 'prod' })).toThrow(/E2E_TARGET/);
  });
});
