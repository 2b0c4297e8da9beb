/**
 * @module emulator/factors/recovery-code
 * The MFA recovery code (Guardian factor `recovery-code`): 24 alphanumeric characters ("must have
 * 24 alphanumeric characters": auth0/docs text-customization-prompts/mfa-recovery-code), shown
 * once on `/u/mfa-recovery-code-enrollment` and stored only as a salted hash. Upper-case letters
 * and digits are used; Auth0's exact alphabet is unconfirmed on live. The code carries ~124 bits
 * of entropy, so a salted SHA-256 is enough to store it (no guessing attack to slow down, unlike
 * a password). Verification normalises what a user types (case, spaces, hyphens) and compares
 * in constant time. The recovery-code challenge screen itself is not emulated.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const RECOVERY_CODE_LENGTH = 24;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SALT_LENGTH = 16;

/** A fresh recovery code (24 characters of A–Z0–9, from a CSPRNG). */
export function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** What a user typed, as stored: upper case, without spaces or hyphens. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

function digest(code: string, salt: Buffer): Buffer {
  return createHash('sha256').update(salt).update(normaliseRecoveryCode(code)).digest();
}

/** `sha256$<salt b64>$<hash b64>`: what `RecoveryCodeAuthenticator.hash` stores. */
export function hashRecoveryCode(code: string): string {
  const salt = randomBytes(SALT_LENGTH);
  return `sha256$${salt.toString('base64')}$${digest(code, salt).toString('base64')}`;
}

/**
 * Whether `typed` is the code behind `hash`.
 * @returns false for a wrong code, a code of the wrong shape and any malformed hash; never throws.
 */
export function verifyRecoveryCode(typed: string, hash: string): boolean {
  const [scheme, saltB64, hashB64] = hash.split('$');
  if (scheme !== 'sha256' || !saltB64 || !hashB64) return false;
  if (!/^[A-Z0-9]{24}$/.test(normaliseRecoveryCode(typed))) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = digest(typed, Buffer.from(saltB64, 'base64'));
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
