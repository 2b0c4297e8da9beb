import { test, expect } from '../testing/fixtures.ts';

test.describe('control surface', () => {
  test('should answer /healthz with 200 and say what it serves', async ({ emulator }) => {
    const res = await fetch(`${emulator.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      tenant: emulator.context.config.tenantName,
      issuer: emulator.context.issuer,
      user_reads: 'snapshot',
      rate_limit: 'default',
      signing_keys: [emulator.context.keys.publicJwk.kid],
      app_client_id: emulator.context.config.app.clientId,
    });
  });
});
