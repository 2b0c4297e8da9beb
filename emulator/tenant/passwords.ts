/**
 * @module emulator/tenant/passwords
 * Password hashing for database-connection users: scrypt (node:crypto) with a random salt,
 * stored as `scrypt$<salt b64>$<hash b64>`. Auth0 uses bcrypt; the emulator only needs a
 * one-way hash that never leaves the tenant (https://auth0.com/docs/secure/security-guidance/data-security/user-data-storage).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a plain-text password; the result is what `UserRecord.password_hash` stores. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Checks a plain-text password against a stored hash in constant time.
 * @returns false for a wrong password and for any malformed hash (never throws for bad input).
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [scheme, saltB64, keyB64] = hash.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, Buffer.from(saltB64, 'base64'));
  return timingSafeEqual(actual, expected);
}
