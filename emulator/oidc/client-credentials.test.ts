import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { discoverClient } from '../testing/oidc-client.ts';
import { postToken } from '../testing/token-request.ts';

/** The M2M application as the auth0 SDK configures it: client_secret_post, form-encoded. */
function m2m(emulator: Emulator, auth: 'post' | 'basic' = 'post') {
  return discoverClient(emulator, 'mgmt', auth);
}

/** A raw form post, exactly as auth0@7 `TokenProvider` sends it (auth0-behaviour.md §3.1). */
function tokenRequest(emulator: Emulator, form: Record<string, string>) {
  return postToken(emulator, form, { 'user-agent': 'node-auth0/7.1.0' });
}

/**
 * The M2M application's client-credentials request for the Management API audience, with the
 * fields in `change` replaced (`undefined` leaves a field out).
 */
function m2mGrant(emulator: Emulator, change: Record<string, string | undefined> = {}) {
  const { config, managementAudience } = emulator.context;
  const form: Record<string, string | undefined> = {
    grant_type: 'client_credentials',
    client_id: config.mgmt.clientId,
    client_secret: config.mgmt.clientSecret,
    audience: managementAudience,
    ...change,
  };
  const sent = Object.entries(form).filter((f): f is [string, string] => f[1] !== undefined);
  return tokenRequest(emulator, Object.fromEntries(sent));
}

test.describe('Client credentials with audience (Auth0 Management API tokens)', () => {
  test('should issue an Auth0-shaped token with every granted scope when no scope is sent', async ({
    emulator,
  }) => {
    const { context } = emulator;
    const res = await m2mGrant(emulator);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({ expires_in: 86400, token_type: 'Bearer' });
    expect(String(body.scope).split(' ')).toEqual(context.config.mgmt.scopes);

    const token = String(body.access_token);
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: context.keys.publicJwk.kid,
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: context.issuer,
      sub: `${context.config.mgmt.clientId}@clients`,
      aud: context.managementAudience,
      azp: context.config.mgmt.clientId,
      gty: 'client-credentials',
      scope: body.scope,
    });
    expect(claims).not.toHaveProperty('client_id');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(86400);
  });

  test('should grant the intersection of the requested and granted scopes', async ({
    emulator,
  }) => {
    const config = await m2m(emulator);
    const tokens = await client.clientCredentialsGrant(config, {
      audience: emulator.context.managementAudience,
      scope: 'read:users read:nothing delete:users',
    });
    expect(tokens.scope).toBe('read:users delete:users');
    expect(decodeJwt(tokens.access_token).scope).toBe('read:users delete:users');
  });

  test('should accept client_secret_basic as Auth0 does', async ({ emulator }) => {
    const config = await m2m(emulator, 'basic');
    const tokens = await client.clientCredentialsGrant(config, {
      audience: emulator.context.managementAudience,
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(86400);
  });

  test('should answer 401 access_denied Unauthorized for a wrong secret and log feccft', async ({
    emulator,
  }) => {
    const { context } = emulator;
    const before = context.tenant.logs.all().length;
    const res = await m2mGrant(emulator, { client_secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    const logged = context.tenant.logs.all().slice(before);
    expect(logged).toEqual([
      expect.objectContaining({
        type: 'feccft',
        description: 'Unauthorized',
        client_id: context.config.mgmt.clientId,
        client_name: 'Biometric E2E Management (M2M)',
        audience: context.managementAudience,
        hostname: context.domain,
        user_agent: 'node-auth0/7.1.0',
      }),
    ]);
  });

  test('should answer 401 for an unknown client', async ({ emulator }) => {
    const res = await m2mGrant(emulator, { client_id: 'no-such-client', client_secret: 'x' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
  });

  for (const audience of ['https://api.example.com/', 'not a uri']) {
    test(`should answer 403 for an audience the tenant does not have (${audience})`, async ({
      emulator,
    }) => {
      const res = await m2mGrant(emulator, { audience });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: 'access_denied',
        error_description: `Service not enabled within domain: ${audience}`,
      });
    });
  }

  test('should answer 403 when no audience is sent', async ({ emulator }) => {
    const res = await m2mGrant(emulator, { audience: undefined });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'access_denied' });
  });

  test('should refuse the grant to an application without a client grant', async ({ emulator }) => {
    const { context } = emulator;
    const res = await m2mGrant(emulator, {
      client_id: context.config.app.clientId,
      client_secret: context.config.app.clientSecret,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ error: expect.any(String) });
  });

  test('should log seccft with the audience and scope', async ({ emulator }) => {
    const { context } = emulator;
    const before = context.tenant.logs.all().length;
    const config = await m2m(emulator);
    await client.clientCredentialsGrant(config, {
      audience: context.managementAudience,
      scope: 'read:logs',
    });
    expect(context.tenant.logs.all().slice(before)).toEqual([
      expect.objectContaining({
        type: 'seccft',
        client_id: context.config.mgmt.clientId,
        client_name: 'Biometric E2E Management (M2M)',
        audience: context.managementAudience,
        scope: 'read:logs',
        hostname: context.domain,
        ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
        details: { actions: { executions: [] } },
      }),
    ]);
  });
});
