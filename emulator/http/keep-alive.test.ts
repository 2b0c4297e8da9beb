/**
 * An idle keep-alive connection outlives Node's 5 s default (emulator/app.ts): a client that
 * comes back after 6 s reuses its socket instead of racing the server's close (ECONNRESET).
 */
import { Agent, request } from 'node:http';
import { test, expect } from '../testing/fixtures.ts';

function get(url: string, agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.describe('keep-alive', () => {
  test('should keep an idle connection open longer than 5 s', async ({ emulator }) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(`${emulator.origin}/healthz`, agent)).toEqual({
        status: 200,
        reused: false,
      });
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await get(`${emulator.origin}/healthz`, agent)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});
