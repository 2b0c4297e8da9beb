import { SignJWT, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { discoverClient, forgedManagementToken } from '../testing/oidc-client.ts';
import { ManagementTokenError, verifyManagementToken } from './management-token.ts';

async function issued(emulator: Emulator, scope?: string): Promise<string> {
  const config = await discoverClient(emulator, 'mgmt');
  const tokens = await client.clientCredentialsGrant(config, {
    audience: emulator.context.managementAudience,
    ...(scope ? { scope } : {}),
  });
  return tokens.access_token;
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ManagementTokenError);
  return (err as ManagementTokenError).reason;
}

test.describe('verifyManagementToken (RFC 6750 bearer tokens for /api/v2)', () => {
  test('should accept a token from /oauth/token and return its client and scopes', async ({
    emulator,
  }) => {
    const token = await issued(emulator, 'read:users update:users');
    const grant = await verifyManagementToken(emulator.context, `Bearer ${token}`);
    expect(grant).toEqual({
      clientId: emulator.context.config.mgmt.clientId,
      scopes: ['read:users', 'update:users'],
    });
    expect(await verifyManagementToken(emulator.context, token)).toEqual(grant);
  });

  test('should refuse an expired token', async ({ emulator }) => {
    const token = await forgedManagementToken(emulator, {
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    expect(await reasonOf(verifyManagementToken(emulator.context, token))).toBe('expired');
  });

  test('should refuse a token for another audience', async ({ emulator }) => {
    const token = await forgedManagementToken(emulator, { aud: 'https://api.example.com/' });
    const err = await verifyManagementToken(emulator.context, token).catch((e: unknown) => e);
    expect(err).toMatchObject({
      reason: 'wrong_audience',
      message: 'Bad audience: https://api.example.com/',
    });
  });

  test('should refuse a token from another issuer', async ({ emulator }) => {
    const token = await forgedManagementToken(emulator, { iss: 'https://other.auth0.com/' });
    expect(await reasonOf(verifyManagementToken(emulator.context, token))).toBe('wrong_issuer');
  });

  test('should refuse a tampered token', async ({ emulator }) => {
    const [header, payload, signature] = (await issued(emulator, 'read:users')).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    claims.scope = 'read:users delete:users';
    const tampered = [
      header,
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      signature,
    ].join('.');
    expect(await reasonOf(verifyManagementToken(emulator.context, tampered))).toBe('bad_signature');
  });

  test('should refuse a token signed by another key', async ({ emulator }) => {
    const { context } = emulator;
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ scope: 'read:users' })
      .setProtectedHeader({ alg: 'RS256', kid: context.keys.publicJwk.kid })
      .setIssuer(context.issuer)
      .setAudience(context.managementAudience)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await reasonOf(verifyManagementToken(context, token))).toBe('bad_signature');
  });

  for (const garbage of ['', 'Bearer', 'abc.def', 'Bearer a.b.c', 'eyJhbGciOiJub25lIn0.e30.']) {
    test(`should refuse a malformed token (${JSON.stringify(garbage)})`, async ({ emulator }) => {
      expect(await reasonOf(verifyManagementToken(emulator.context, garbage))).toBe('malformed');
    });
  }
});
