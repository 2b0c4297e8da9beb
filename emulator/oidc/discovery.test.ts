import { test, expect } from '../testing/fixtures.ts';
import { discoverClient } from '../testing/oidc-client.ts';

test.describe('Discovery (OpenID Connect Discovery 1.0) and JWKS (RFC 7517)', () => {
  test('should publish Auth0 paths with the tenant issuer', async ({ emulator }) => {
    const config = await discoverClient(emulator);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${emulator.origin}/`);
    expect(meta.authorization_endpoint).toBe(`${emulator.origin}/authorize`);
    expect(meta.token_endpoint).toBe(`${emulator.origin}/oauth/token`);
    expect(meta.userinfo_endpoint).toBe(`${emulator.origin}/userinfo`);
    expect(meta.jwks_uri).toBe(`${emulator.origin}/.well-known/jwks.json`);
    expect(meta.revocation_endpoint).toBe(`${emulator.origin}/oauth/revoke`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code', 'id_token', 'code id_token']);
    // RP-initiated logout, listed as Auth0 lists it for new tenants.
    expect(meta.end_session_endpoint).toBe(`${emulator.origin}/oidc/logout`);
    expect(meta.response_modes_supported).toEqual(
      expect.arrayContaining(['query', 'fragment', 'form_post']),
    );
    expect(meta.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']),
    );
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_post', 'client_secret_basic']),
    );
  });

  test('should serve only the public RS256 signing key', async ({ emulator }) => {
    const res = await fetch(`${emulator.origin}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: emulator.context.keys.publicJwk.kid,
    });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
  });
});
