import { test, expect } from '../testing/fixtures.ts';

test.describe('control surface', () => {
  test('should answer /healthz with 200 once it serves', async ({ emulator }) => {
    const res = await fetch(`${emulator.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
