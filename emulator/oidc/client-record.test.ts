import { test, expect } from '../testing/management-fixtures.ts';
import type { Emulator } from '../app.ts';
import { getAuthorize } from '../testing/authorize-request.ts';
import { api } from '../testing/management-client.ts';
import { tokenJson } from '../testing/token-request.ts';

/** `GET /authorize` for a client and redirect URI; returns the status and Location. */
function authorize(emulator: Emulator, clientId: string, redirectUri: string) {
  return getAuthorize(emulator, {
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid',
    state: 'st',
    nonce: 'n',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuJJH7SBXo0',
    code_challenge_method: 'S256',
  });
}

/** A client-credentials request for the Management API audience. */
function clientCredentials(emulator: Emulator, clientId: string, secret: string) {
  return tokenJson(emulator, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
    audience: emulator.context.managementAudience,
  });
}

test.describe("The OIDC layer honours an application's record", () => {
  test('should accept only the callbacks the record lists, and a PATCHed one at once', async ({
    emulator,
    token,
    withClient,
  }) => {
    const record = { name: 'Callbacks', app_type: 'spa', callbacks: ['https://spa.example/cb'] };
    await withClient(record, async (created) => {
      const id = String(created.client_id);
      const listed = await authorize(emulator, id, 'https://spa.example/cb');
      expect(listed.status).toBe(303);
      expect(listed.location).toContain('/u/');
      const unlisted = await authorize(emulator, id, 'https://other.example/cb');
      expect(unlisted.status).toBe(400);
      expect(unlisted.text).toContain('Callback URL mismatch.');

      const patched = await api(emulator, 'PATCH', `/clients/${id}`, {
        token,
        json: { callbacks: ['https://other.example/cb'] },
      });
      expect(patched.status).toBe(200);
      expect((await authorize(emulator, id, 'https://other.example/cb')).status).toBe(303);
      expect((await authorize(emulator, id, 'https://spa.example/cb')).status).toBe(400);
    });
  });

  test('should refuse a grant the record does not list, and stop serving a deleted client', async ({
    emulator,
    token,
    withClient,
  }) => {
    const record = {
      name: 'Grants',
      app_type: 'regular_web',
      callbacks: ['https://rw.example/cb'],
    };
    const created = await withClient(record, async (c) => {
      const [id, secret] = [String(c.client_id), String(c.client_secret)];
      // Allowed by the record: the grant passes; the application has no client grant for the
      // Management API, so Auth0 answers access_denied (not unauthorized_client).
      const allowed = await clientCredentials(emulator, id, secret);
      expect(allowed.body.error).not.toBe('unauthorized_client');

      await api(emulator, 'PATCH', `/clients/${id}`, {
        token,
        json: { grant_types: ['authorization_code'] },
      });
      const refused = await clientCredentials(emulator, id, secret);
      // Auth0's answer: 403 "Grant type 'client_credentials' not allowed for the client."
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: 'unauthorized_client',
        error_description: "Grant type 'client_credentials' not allowed for the client.",
      });

      // No authorization_code grant: /authorize refuses the application.
      await api(emulator, 'PATCH', `/clients/${id}`, {
        token,
        json: { grant_types: ['client_credentials'] },
      });
      expect((await authorize(emulator, id, 'https://rw.example/cb')).status).toBe(400);
    });
    const [id, secret] = [String(created.client_id), String(created.client_secret)];
    const gone = await clientCredentials(emulator, id, secret);
    expect(gone.status).toBe(401);
    expect(gone.body.error).toBe('access_denied');
  });

  test('should not let a public application use client credentials', async ({
    emulator,
    withClient,
  }) => {
    const record = {
      name: 'Public',
      app_type: 'spa',
      grant_types: ['authorization_code', 'client_credentials'],
    };
    await withClient(record, async (created) => {
      const res = await tokenJson(emulator, {
        grant_type: 'client_credentials',
        client_id: String(created.client_id),
        audience: emulator.context.managementAudience,
      });
      expect(res).toEqual({
        status: 403,
        body: {
          error: 'unauthorized_client',
          error_description: "Grant type 'client_credentials' not allowed for the client.",
        },
      });
    });
  });
});
