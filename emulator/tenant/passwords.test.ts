/**
 * @module emulator/tenant/passwords.test
 * The embedded tenant's password storage: a one-way salted scrypt hash at the declared cost
 * (cheaper than Auth0's bcrypt on purpose: emulator/tenant/passwords.ts).
 */
import { scryptSync } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { hashPassword, verifyPassword } from './passwords.ts';

const PASSWORD = 'Corr3ct-Horse-Battery';

test.describe('password storage (auth0.com/docs/secure/security-guidance/data-security/user-data-storage)', () => {
  test('should store scrypt N=2^10 r=8 p=1 of the password with its own random salt', async () => {
    const stored = await hashPassword(PASSWORD);
    const [scheme, salt, key] = stored.split('$');
    expect(scheme).toBe('scrypt');
    const saltBytes = Buffer.from(salt ?? '', 'base64');
    expect(saltBytes).toHaveLength(16);
    const expected = scryptSync(PASSWORD.normalize('NFKC'), saltBytes, 32, { N: 1024, r: 8, p: 1 });
    expect(key).toBe(expected.toString('base64'));
    expect(stored).not.toContain(PASSWORD);
    expect(await hashPassword(PASSWORD)).not.toBe(stored);
  });

  test('should verify only the right password and refuse malformed hashes', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(PASSWORD.toLowerCase(), stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$AA==$AA==')).toBe(false);
    expect(await verifyPassword(PASSWORD, 'bcrypt$x$y')).toBe(false);
  });
});
