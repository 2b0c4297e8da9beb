/**
 * @module emulator/keys
 * The tenant's token-signing key, generated at every start (RS256, as Auth0 signs by default).
 * No fixed key is ever shipped, so no token from one run verifies in another.
 */
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { random } from './tenant/ids.ts';

export interface SigningKeys {
  /** Private JWK (with `kid`, `alg`, `use`) for oidc-provider's `jwks` option. */
  privateJwk: JWK;
  /** The public half, as `/.well-known/jwks.json` serves it. */
  publicJwk: JWK;
}

export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = random.bytes(16).toString('base64url');
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateJwk, publicJwk };
}
