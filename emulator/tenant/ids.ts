/**
 * @module emulator/tenant/ids
 * Identifier shapes Auth0 uses, generated from one randomness seam so tests can pin them.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** Randomness seam: replace `random.bytes` in a test to make ids deterministic. */
export const random = {
  bytes: (n: number): Buffer => randomBytes(n),
  uuid: (): string => randomUUID(),
};

/** `auth0|` + 24 hex characters, the shape of database-connection user ids. */
export const newUserId = (): string => `auth0|${random.bytes(12).toString('hex')}`;

/** Authentication-method ids: `totp|dev_…`, as the authentication-methods API returns them. */
export const newAuthenticatorId = (type: 'totp' | 'webauthn-platform' | 'recovery-code'): string =>
  `${type}|dev_${random.bytes(12).toString('base64url')}`;

/** Connection ids look like `con_` + 16 alphanumerics. */
export const newConnectionId = (): string =>
  `con_${random.bytes(12).toString('base64url').slice(0, 16)}`;

/** Action, version and binding ids are UUIDs in Auth0. */
export const newUuid = (): string => random.uuid();

/** Auth0 log ids are 56-digit strings that sort by time. */
export function newLogId(now: Date, seq: number): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 17);
  const tail = `${seq}`.padStart(12, '0');
  const fill = BigInt(`0x${random.bytes(8).toString('hex')}`)
    .toString()
    .padStart(20, '0')
    .slice(0, 56 - 3 - 17 - 12);
  return `900${stamp}${fill}${tail}`;
}
