/**
 * @module helpers/tenant/retry
 * The retry layer the Management client's transport is wrapped in (helpers/tenant/management.ts).
 * The auth0 v7 SDK retries an API call answered 408/429/5xx itself (`maxRetries`, honouring
 * `Retry-After`, then `X-RateLimit-Reset`: auth0-behaviour.md §3.4), but two cases are left:
 * - the client-credentials token call (`POST /oauth/token`): the SDK's token provider never
 *   retries it, so one 429 or 503 there failed the whole run (reliability audit §2(b)). Here it
 *   is retried on 408/429/5xx with Auth0's headers, a bounded number of times;
 * - a lost response (the connection reset, `fetch` throws): the SDK does not retry it. Here it is
 *   sent again when that is safe: every GET, PUT, DELETE and PATCH the harness sends writes a
 *   whole value, the token call is a new token, and a replayed "create Action" meets a 409 its
 *   callers resolve by name (helpers/tenant/deploy-action.ts, helpers/tenant/lease.ts). Any other
 *   POST, e.g. `…/deploy`, is never replayed blindly.
 * Timeouts (an aborted request) are never retried here: the SDK reports them as timeouts.
 */

export interface RetryOptions {
  /** Attempts in all, first included (default 5). */
  maxAttempts?: number;
  /** Cap of one wait, like the SDK's (default 60 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const TOKEN_PATH = '/oauth/token';
/** `POST /api/v2/actions/actions`: a replay meets 409, resolved by name by its callers. */
const CREATE_ACTION_PATH = /\/api\/v2\/actions\/actions\/?$/;
/** The token provider's own per-request timeout (auth0-behaviour.md §4.4). */
const TOKEN_TIMEOUT_MS = 10_000;
/** Backoff after a lost response: 0.5 s, 1 s, 2 s, … */
const LOST_RESPONSE_BASE_MS = 500;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A status the SDK would retry: 408, 429, 5xx (`requestWithRetries`). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * How long to wait before retrying a refused call, in Auth0's order (auth0-behaviour.md §3.4):
 * `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (UTC epoch seconds), else
 * 1 s × 2^attempt; capped at `maxDelayMs`.
 * https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
 */
export function retryDelayMs(
  headers: Headers,
  attempt: number,
  { nowMs = Date.now(), maxDelayMs = 60_000 }: { nowMs?: number; maxDelayMs?: number } = {},
): number {
  const cap = (ms: number) => Math.min(Math.max(ms, 0), maxDelayMs);
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds > 0) return cap(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date) && date > nowMs) return cap(date - nowMs);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset * 1000 > nowMs) return cap(reset * 1000 - nowMs);
  return cap(1000 * 2 ** attempt);
}

/** Whether a request whose response was lost may be sent again (see the module comment). */
export function isReplayable(method: string, pathname: string): boolean {
  if (method !== 'POST') return true;
  return pathname === TOKEN_PATH || CREATE_ACTION_PATH.test(pathname);
}

/** No connection was made: one more try is enough (a tenant that is down stays down). */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND']);

function causeCodeOf(err: unknown): unknown {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (code !== undefined) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A connection-level failure (`fetch` threw), as opposed to an abort or a timeout. */
export function isLostResponse(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return false;
  return err instanceof TypeError || (err as { code?: unknown } | null)?.code !== undefined;
}

function describe(input: Parameters<typeof fetch>[0], init?: RequestInit) {
  const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return { method, pathname: new URL(url).pathname };
}

/**
 * Wraps `transport` (the global `fetch` by default) with the retries described above.
 * @example createManagementClient(env, { transport: retryingTransport(fetch) })
 */
export function retryingTransport(
  transport: typeof fetch = (input, init) => fetch(input, init),
  { maxAttempts = 5, maxDelayMs = 60_000, sleep = defaultSleep }: RetryOptions = {},
): typeof fetch {
  return async (input, init) => {
    const { method, pathname } = describe(input, init);
    const isToken = method === 'POST' && pathname === TOKEN_PATH;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= maxAttempts;
      // The token provider's 10 s timeout signal covers one attempt, not our waits.
      const signal = isToken && attempt > 0 ? AbortSignal.timeout(TOKEN_TIMEOUT_MS) : init?.signal;
      let res: Response;
      try {
        res = await transport(input, { ...init, ...(signal ? { signal } : {}) });
      } catch (err) {
        if (last || !isLostResponse(err) || !isReplayable(method, pathname)) throw err;
        if (attempt >= 1 && NOT_CONNECTED.has(String(causeCodeOf(err)))) throw err;
        await sleep(Math.min(LOST_RESPONSE_BASE_MS * 2 ** attempt, maxDelayMs));
        continue;
      }
      if (!isToken || last || !isRetryableStatus(res.status)) return res;
      await res.body?.cancel().catch(() => {});
      await sleep(retryDelayMs(res.headers, attempt, { maxDelayMs }));
    }
  };
}
