/**
 * @module emulator/tenant/passwords
 * Password hashing for database-connection users: scrypt (node:crypto, RFC 7914) with a random
 * 16-byte salt, stored as `scrypt$<salt b64>$<hash b64>`.
 *
 * Cheaper than Auth0's on purpose. Auth0 stores bcrypt hashes
 * (https://auth0.com/docs/secure/security-guidance/data-security/user-data-storage), tuned to
 * slow down an attacker who steals a user database. The embedded tenant's hashes live in its
 * memory and die with it; no stolen database is ever cracked offline here, and every password is
 * a test user's. What the emulator must keep is the *shape* of Auth0's storage: a one-way, salted
 * hash, never the password, compared in constant time. Scrypt at N = 2^10 (1 MiB, about 1 ms on
 * one core) is still exactly that; Node's default N = 2^14 (16 MiB, about 24 ms) was most of an
 * HTTP password login through the tenant (issue 12: 24 of 35 ms; `npm run bench` measures it).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** The scrypt cost of every hash: N = 2^10, r = 8, p = 1 (see the module comment). */
export const SCRYPT_COST: Readonly<Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>>> = {
  N: 1 << 10,
  r: 8,
  p: 1,
};

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT_COST, (err, key) =>
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
