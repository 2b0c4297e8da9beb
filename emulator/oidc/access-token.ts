/**
 * @module emulator/oidc/access-token
 * JWT access tokens in Auth0's shape (https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles,
 * "Auth0 token profile"): header `typ: JWT`; claims `iss, sub, aud, iat, exp, scope, azp`, and for
 * client credentials `sub: "{client_id}@clients"` and `gty: "client-credentials"`.
 */
import type { JWTStructured, KoaContextWithOIDC } from 'oidc-provider';

interface IssuedToken {
  kind: string;
  clientId?: string;
}

/** `formats.customizers.jwt`: rewrites oidc-provider's RFC 9068 token to Auth0's profile. */
export function auth0AccessTokenProfile(
  _ctx: KoaContextWithOIDC,
  token: IssuedToken,
  jwt: JWTStructured,
): JWTStructured {
  const clientId = token.clientId ?? (jwt.payload.client_id as string | undefined);
  jwt.header = { ...jwt.header, typ: 'JWT' };
  delete jwt.payload.client_id;
  if (clientId !== undefined) jwt.payload.azp = clientId;
  if (token.kind === 'ClientCredentials' && clientId !== undefined) {
    jwt.payload.sub = `${clientId}@clients`;
    jwt.payload.gty = 'client-credentials';
  }
  return jwt;
}
