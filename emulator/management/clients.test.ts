import { test, expect } from '../testing/management-fixtures.ts';
import { api, managementToken } from '../testing/management-client.ts';

test.describe('Management API clients resource', () => {
  test('should create a regular web application with Auth0 defaults and return its secret once', async ({
    emulator,
    token,
    withClient,
  }) => {
    await withClient(
      { name: 'Created App', app_type: 'regular_web', callbacks: ['https://app.example/cb'] },
      async (created) => {
        expect(created).toMatchObject({
          name: 'Created App',
          app_type: 'regular_web',
          callbacks: ['https://app.example/cb'],
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['implicit', 'authorization_code', 'refresh_token', 'client_credentials'],
          oidc_conformant: true,
          jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
        });
        expect(String(created.client_id)).toMatch(/^[A-Za-z0-9]{32}$/);
        expect(typeof created.client_secret).toBe('string');
        // Without read:client_keys a read never carries the secret.
        const read = await api(emulator, 'GET', `/clients/${String(created.client_id)}`, {
          token,
        });
        expect(read.status).toBe(200);
        expect(read.body).not.toHaveProperty('client_secret');
        expect(read.body).toMatchObject({ name: 'Created App', app_type: 'regular_web' });
      },
    );
  });

  test('should make a SPA public by default with no client_credentials grant', async ({
    withClient,
  }) => {
    await withClient({ name: 'SPA', app_type: 'spa' }, (created) => {
      expect(created.token_endpoint_auth_method).toBe('none');
      expect(created.grant_types).toEqual(['implicit', 'authorization_code', 'refresh_token']);
    });
  });

  test('should list clients with app_type filter, paging and totals', async ({
    emulator,
    token,
  }) => {
    const all = await api(emulator, 'GET', '/clients?fields=client_id,name,app_type', { token });
    expect(all.status).toBe(200);
    const list = all.body as Record<string, unknown>[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    for (const c of list) expect(Object.keys(c).sort()).toEqual(['app_type', 'client_id', 'name']);
    const m2m = await api(emulator, 'GET', '/clients?app_type=non_interactive', { token });
    expect((m2m.body as Record<string, unknown>[]).map((c) => c.client_id)).toContain(
      emulator.context.config.mgmt.clientId,
    );
    expect(
      (m2m.body as Record<string, unknown>[]).every((c) => c.app_type === 'non_interactive'),
    ).toBe(true);
    const paged = await api(emulator, 'GET', '/clients?page=0&per_page=1&include_totals=true', {
      token,
    });
    expect(paged.body).toMatchObject({ start: 0, limit: 1, total: list.length });
    expect((paged.body as { clients: unknown[] }).clients).toHaveLength(1);
  });

  test('should refuse an unknown list parameter and Auth0 q (not modelled) with 400', async ({
    emulator,
    token,
  }) => {
    expect((await api(emulator, 'GET', '/clients?color=red', { token })).status).toBe(400);
    expect((await api(emulator, 'GET', '/clients?q=name:x', { token })).status).toBe(400);
  });

  test('should update a client with PATCH, merging client_metadata and replacing arrays', async ({
    emulator,
    token,
    withClient,
  }) => {
    await withClient(
      { name: 'Patch Me', app_type: 'regular_web', client_metadata: { a: '1', b: '2' } },
      async (created) => {
        const id = String(created.client_id);
        const res = await api(emulator, 'PATCH', `/clients/${id}`, {
          token,
          json: {
            callbacks: ['https://x.example/cb'],
            web_origins: ['https://x.example'],
            client_metadata: { b: null, c: '3' },
            grant_types: ['authorization_code'],
          },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body).toMatchObject({
          callbacks: ['https://x.example/cb'],
          web_origins: ['https://x.example'],
          client_metadata: { a: '1', c: '3' },
          grant_types: ['authorization_code'],
        });
        expect(res.body).not.toHaveProperty('client_secret');
        expect((res.body as { client_metadata: object }).client_metadata).not.toHaveProperty('b');
      },
    );
  });

  test('should refuse bodies Auth0 refuses: missing name, bad enum, extra property, bad nested', async ({
    emulator,
    token,
  }) => {
    const bad = [
      { app_type: 'spa' },
      { name: 'x', app_type: 'mainframe' },
      { name: 'x', colour: 'red' },
      { name: 'x', token_endpoint_auth_method: 'private_key_jwt_maybe' },
      { name: 'x', jwt_configuration: { alg: 'none' } },
      { name: 'x', refresh_token: { rotation_type: 'rotating' } },
      { name: 'x', callbacks: 'https://not-an-array.example' },
    ];
    for (const json of bad) {
      const res = await api(emulator, 'POST', '/clients', { token, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
    }
  });

  test('should require create:clients, update:client_keys to rotate the secret', async ({
    emulator,
  }) => {
    const readOnly = await managementToken(emulator, 'read:clients update:clients');
    const denied = await api(emulator, 'POST', '/clients', {
      token: readOnly,
      json: { name: 'Nope' },
    });
    expect(denied.status).toBe(403);
    const rotate = await api(
      emulator,
      'PATCH',
      `/clients/${emulator.context.config.app.clientId}`,
      {
        token: readOnly,
        json: { client_secret: 'a-new-secret-value' },
      },
    );
    expect(rotate.status).toBe(403);
  });

  test('should delete a client, drop it from its connections and answer 404 afterwards', async ({
    emulator,
    token,
  }) => {
    const created = await api(emulator, 'POST', '/clients', { token, json: { name: 'Gone' } });
    const id = String((created.body as Record<string, unknown>).client_id);
    const enable = await api(
      emulator,
      'PATCH',
      `/connections/${emulator.context.tenant.connection.id}/clients`,
      {
        token,
        json: [{ client_id: id, status: true }],
      },
    );
    expect(enable.status, JSON.stringify(enable.body)).toBe(204);
    expect(emulator.context.tenant.connection.enabled_clients).toContain(id);
    expect((await api(emulator, 'DELETE', `/clients/${id}`, { token })).status).toBe(204);
    expect(emulator.context.tenant.connection.enabled_clients).not.toContain(id);
    expect((await api(emulator, 'GET', `/clients/${id}`, { token })).status).toBe(404);
    expect((await api(emulator, 'DELETE', `/clients/${id}`, { token })).status).toBe(404);
    expect(emulator.context.tenant.clients.has(id)).toBe(false);
  });
});
