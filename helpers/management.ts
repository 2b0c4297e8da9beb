/**
 * @module helpers/management
 * The Management API client for a target, and the polling the API needs. The only difference
 * between targets is the `fetch` mapping of `https://{domain}` to `env.origin`
 * (environment.md "auth0 SDK 7.1"; auth0-behaviour.md §4.3 (a)).
 */
import { ManagementClient, type Management } from 'auth0';
import type { HarnessEnv } from './env.ts';

/** A `fetch` that sends `https://{domain}…` to `origin…`; used for the token call too. */
export function mappedFetch(domain: string, origin: string): typeof fetch {
  const from = `https://${domain}`;
  const map = (url: string) => (url.startsWith(from) ? origin + url.slice(from.length) : url);
  return (input, init) => {
    if (input instanceof Request) return fetch(new Request(map(input.url), input), init);
    return fetch(map(input instanceof URL ? input.href : input), init);
  };
}

/** A `ManagementClient` with the M2M credentials of `env` (client-credentials grant). */
export function createManagementClient(env: HarnessEnv): ManagementClient {
  return new ManagementClient({
    domain: env.domain,
    clientId: env.mgmtClientId,
    clientSecret: env.mgmtClientSecret,
    // The SDK retries 429 honouring Retry-After / X-RateLimit-Reset (auth0-behaviour.md §3.4).
    maxRetries: 4,
    ...(env.target === 'emulator' ? { fetch: mappedFetch(env.domain, env.origin) } : {}),
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Milliseconds to wait before the next call so as not to hit a 429: until
 * `X-RateLimit-Reset` (epoch seconds) when `X-RateLimit-Remaining` is 0, capped at 60 s like
 * the SDK's own backoff. https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
 */
export function rateLimitDelayMs(headers: Headers, nowMs: number = Date.now()): number {
  if (headers.get('x-ratelimit-remaining') !== '0') return 0;
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return 1000;
  return Math.min(Math.max(reset * 1000 - nowMs, 0), 60_000);
}

export class ActionBuildError extends Error {
  override name = 'ActionBuildError';
}

/**
 * Polls an Action until its `status` is `built`; deploying earlier fails with "A draft must
 * be in the 'built' state before it can be deployed." (auth0-behaviour.md §3.2 Gotchas).
 * Auth0 takes 30–45 s, the emulator under 1 s.
 */
export async function waitForActionBuilt(
  client: ManagementClient,
  actionId: string,
  { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
): Promise<Management.GetActionResponseContent> {
  const deadline = Date.now() + timeoutMs;
  let interval = 250;
  for (;;) {
    const { data, rawResponse } = await client.actions.get(actionId).withRawResponse();
    if (data.status === 'built') return data;
    if (data.status === 'failed') {
      throw new ActionBuildError(`Action ${actionId} failed to build (status "failed")`);
    }
    if (Date.now() > deadline) {
      throw new ActionBuildError(
        `Action ${actionId} was not built within ${timeoutMs / 1000} s (status "${data.status}")`,
      );
    }
    await sleep(Math.max(interval, rateLimitDelayMs(rawResponse.headers)));
    interval = Math.min(interval * 2, 3000);
  }
}
