/**
 * @module emulator/actions/sample-event
 * A realistic post-login event for the runtime's own tests: a database user logging in to the
 * test application through `/authorize` (values shaped like the post-login event object sample).
 */
import { buildPostLoginEvent, type PostLoginEventInput } from './event.ts';
import type { PostLoginEvent } from './types.ts';

export function sampleEventInput(
  overrides: Partial<PostLoginEventInput> = {},
): PostLoginEventInput {
  return {
    user: {
      user_id: 'auth0|65f0c0ffee0000000000beef',
      email: 'new.user@example.com',
      email_verified: false,
      name: 'new.user@example.com',
      nickname: 'new.user',
      picture: 'https://s.gravatar.com/avatar/0?s=480&r=pg&d=mp',
      created_at: '2026-09-20T10:00:00.000Z',
      updated_at: '2026-09-20T10:00:00.000Z',
      app_metadata: {},
      user_metadata: {},
      identities: [
        {
          connection: 'Username-Password-Authentication',
          isSocial: false,
          provider: 'auth0',
          user_id: '65f0c0ffee0000000000beef',
        },
      ],
    },
    methods: [{ name: 'pwd', timestamp: '2026-09-20T10:00:05.000Z' }],
    client: { client_id: 'test-app-client-id', name: 'Biometric E2E Test App', metadata: {} },
    connection: {
      id: 'con_0000000000000001',
      name: 'Username-Password-Authentication',
      strategy: 'auth0',
      metadata: {},
    },
    transaction: {
      id: 'tx_0000000000000001',
      acr_values: [],
      locale: 'en',
      protocol: 'oidc-basic-profile',
      redirect_uri: 'http://localhost:3000/callback',
      requested_scopes: ['openid', 'profile', 'email'],
      response_mode: 'query',
      response_type: ['code'],
      state: 'app-state-123',
      ui_locales: [],
    },
    request: {
      ip: '127.0.0.1',
      method: 'POST',
      query: {},
      body: {},
      geoip: {},
      hostname: 'localhost',
      language: 'en',
      user_agent: 'Mozilla/5.0 (Playwright)',
    },
    stats: { logins_count: 1 },
    tenantId: 'biometric-e2e',
    ...overrides,
  };
}

export function sampleEvent(overrides: Partial<PostLoginEventInput> = {}): PostLoginEvent {
  return buildPostLoginEvent(sampleEventInput(overrides));
}
