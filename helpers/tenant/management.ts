/**
 * @module helpers/tenant/management
 * The Management API client for a tenant, and the polling the API needs. Every tenant, the
 * embedded one included, is reached at `https://{domain}` exactly as the SDK builds it: the
 * only difference between targets is the domain and the credentials (design.md "Targets").
 */
import { compileFunction } from 'node:vm';
import { ManagementClient, type Management } from 'auth0';
import { assertTenantAllowed, type HarnessEnv } from '../config/env.ts';
import { retryingTransport, type RetryOptions } from './retry.ts';

/** A `fetch` that refuses (before sending) any URL outside `https://{domain}/`. */
export function tenantOnlyFetch(
  domain: string,
  transport: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  const prefix = `https://${domain.toLowerCase()}/`;
  return (input, init) => {
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    if (!url.toLowerCase().startsWith(prefix)) {
      return Promise.reject(new Error(`refusing a request outside the tenant ${domain}: ${url}`));
    }
    return transport(input, init);
  };
}

export interface ManagementClientOptions {
  /**
   * What sends the requests (token call included) once they are mapped to the target; the
   * global `fetch` by default. Tests and measurements pass a spy or a counter here.
   */
  transport?: typeof fetch;
  maxRetries?: number;
  /** The retry layer around `transport` (helpers/tenant/retry.ts): token call and lost responses. */
  retry?: RetryOptions;
}

/**
 * A `ManagementClient` with the M2M credentials of `env` (client-credentials grant). The live
 * guard runs first: a live tenant not in `E2E_ALLOWED_TENANTS` throws before any request; and
 * no request ever leaves `https://{domain}/`.
 * @throws TenantNotAllowedError
 */
export function createManagementClient(
  env: HarnessEnv,
  options: ManagementClientOptions = {},
): ManagementClient {
  assertTenantAllowed(env);
  // Retries what the SDK does not: the token call, lost responses (helpers/tenant/retry.ts).
  options = { ...options, transport: retryingTransport(options.transport, options.retry) };
  return new ManagementClient({
    domain: env.domain,
    clientId: env.mgmtClientId,
    clientSecret: env.mgmtClientSecret,
    // The SDK retries 429 honouring Retry-After / X-RateLimit-Reset (auth0-behaviour.md §3.4).
    maxRetries: options.maxRetries ?? 4,
    fetch: tenantOnlyFetch(env.domain, options.transport),
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

/**
 * Milliseconds to wait before the next call so that a long series of calls (the sweep) spreads
 * what is left of the bucket over the time until `X-RateLimit-Reset` instead of running into a
 * 429: nothing while more than `low` calls remain, else `(reset − now) / (remaining + 1)`, and
 * until the reset when none remain. Capped at 60 s.
 */
export function paceDelayMs(headers: Headers, nowMs: number = Date.now(), low = 2): number {
  const remainingHeader = headers.get('x-ratelimit-remaining');
  if (remainingHeader === null) return 0;
  const remaining = Number(remainingHeader);
  if (!Number.isFinite(remaining) || remaining > low) return 0;
  if (remaining <= 0) return rateLimitDelayMs(headers, nowMs);
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return 0;
  const untilReset = Math.max(reset * 1000 - nowMs, 0);
  return Math.min(Math.round(untilReset / (remaining + 1)), 60_000);
}

export class ActionBuildError extends Error {
  override name = 'ActionBuildError';
}

/** Build polling: 250 ms, doubled after each poll, up to 5 s (Auth0 builds take 30–45 s). */
export const BUILD_POLL = { firstMs: 250, maxMs: 5000 } as const;

/**
 * Parses an Action file as the CommonJS module Node runs it as (Auth0 runs Actions on Node 22;
 * https://auth0.com/docs/customize/actions/limitations: "Actions do not support TypeScript"),
 * without running it, so that a syntax error stops the run before the tenant is touched.
 * @param file The file's name in `actions/`.
 * @returns `undefined` when it parses, else `actions/<file>:<line>: <Error>: <message>`.
 */
export function actionSyntaxError(file: string, code: string): string | undefined {
  const filename = `actions/${file}`;
  try {
    compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
      filename,
    });
    return undefined;
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; stack?: unknown };
    // V8 starts a SyntaxError's stack with `filename:line`.
    const stack = typeof e.stack === 'string' ? e.stack : '';
    const line = stack.startsWith(`${filename}:`)
      ? /^\d+/.exec(stack.slice(filename.length + 1))?.[0]
      : undefined;
    return `${filename}${line ? `:${line}` : ''}: ${String(e.name)}: ${String(e.message)}`;
  }
}

/**
 * Polls an Action until its `status` is `built`; deploying earlier fails with "A draft must
 * be in the 'built' state before it can be deployed." (auth0-behaviour.md §3.2 Gotchas).
 * Auth0 takes 30–45 s, the emulator under 1 s: exponential backoff up to 5 s (~10 polls on
 * Auth0), longer when `X-RateLimit-Remaining` is 0.
 */
export async function waitForActionBuilt(
  client: ManagementClient,
  actionId: string,
  {
    timeoutMs = 120_000,
    source,
    wait = sleep,
  }: {
    timeoutMs?: number;
    /** The file in `actions/` the code came from, named in the error. */
    source?: string;
    /** How to pause between polls (tests pass a recorder). */
    wait?: (ms: number) => Promise<void>;
  } = {},
): Promise<Management.GetActionResponseContent> {
  const deadline = Date.now() + timeoutMs;
  let interval: number = BUILD_POLL.firstMs;
  for (;;) {
    const { data, rawResponse } = await client.actions.get(actionId).withRawResponse();
    if (data.status === 'built') return data;
    // The tenant does not say why a draft failed to build (its Action object has no `errors`):
    // name what we deployed.
    const what = `Action ${data.name ? `"${data.name}" ` : ''}(${source ? `actions/${source}, ` : ''}id ${actionId})`;
    if (data.status === 'failed') {
      throw new ActionBuildError(`${what} failed to build (status "failed")`);
    }
    if (Date.now() > deadline) {
      throw new ActionBuildError(
        `${what} was not built within ${timeoutMs / 1000} s (status "${data.status}")`,
      );
    }
    await wait(Math.max(interval, rateLimitDelayMs(rawResponse.headers)));
    interval = Math.min(interval * 2, BUILD_POLL.maxMs);
  }
}
