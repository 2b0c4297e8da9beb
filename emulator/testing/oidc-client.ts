/**
 * @module emulator/testing/oidc-client
 * The tenant as an OpenID Connect client sees it: openid-client configured by discovery for one
 * of the seeded clients (the test application or the Management API M2M application), and
 * Management API tokens forged with the tenant's own signing key, for the checks a token must
 * pass beyond its signature (RFC 7519 §4.1: `aud`, `exp`, `iss`).
 */
import { SignJWT, importJWK } from 'jose';
import * as client from 'openid-client';
import type { Emulator } from '../app.ts';

/**
 * openid-client's configuration for a seeded client, by discovery on the tenant (plain HTTP).
 * @param which `app` (the test application, default) or `mgmt` (the M2M application).
 * @param auth how the client authenticates at `/oauth/token`; default `client_secret_post`.
 */
export function discoverClient(
  emulator: Emulator,
  which: 'app' | 'mgmt' = 'app',
  auth: 'post' | 'basic' = 'post',
): Promise<client.Configuration> {
  const { context } = emulator;
  const { clientId, clientSecret } = context.config[which];
  return client.discovery(
    new URL(context.issuer),
    clientId,
    undefined,
    auth === 'post'
      ? client.ClientSecretPost(clientSecret)
      : client.ClientSecretBasic(clientSecret),
    { execute: [client.allowInsecureRequests] },
  );
}

/** A Management API token signed with the tenant's own key, with chosen claims. */
export async function forgedManagementToken(
  emulator: Emulator,
  claims: { aud?: string; exp?: number; iss?: string },
): Promise<string> {
  const { context } = emulator;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    scope: 'read:users',
    gty: 'client-credentials',
    azp: context.config.mgmt.clientId,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: context.keys.privateJwk.kid })
    .setSubject(`${context.config.mgmt.clientId}@clients`)
    .setIssuer(claims.iss ?? context.issuer)
    .setAudience(claims.aud ?? context.managementAudience)
    .setIssuedAt(now - 7200)
    .setExpirationTime(claims.exp ?? now + 3600)
    .sign(await importJWK(context.keys.privateJwk, 'RS256'));
}
