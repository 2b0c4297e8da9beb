/**
 * @module helpers/tenant/readiness
 * Failures that mean "the tenant is not in the state the journey needs" (a factor disabled, a
 * tenant setting off, the Action not bound, the Management API rate-limiting us) rather than
 * "Auth0 behaved differently". Their messages start with `tenant not ready:`, which the report's
 * failure category "Tenant not ready" matches (helpers/report/categories.ts).
 */

export class TenantNotReadyError extends Error {
  override name = 'TenantNotReadyError';
  constructor(what: string, cause?: unknown) {
    super(`tenant not ready: ${what}${cause === undefined ? '' : `: ${describe(cause)}`}`, {
      cause,
    });
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.message.split('\n').slice(0, 3).join(' / ');
}

/** Whether an error is the Management API's 429 (after the SDK's own retries). */
export function isRateLimited(err: unknown): boolean {
  const e = err as { statusCode?: unknown; name?: unknown } | null;
  return e?.statusCode === 429 || e?.name === 'TooManyRequestsError';
}

/**
 * Runs one tenant-preparation step; any failure becomes a `TenantNotReadyError` naming the step
 * (rate limits say so). `TenantNotReadyError`s pass through unchanged.
 */
export async function preparing<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof TenantNotReadyError) throw err;
    throw new TenantNotReadyError(
      isRateLimited(err) ? `${what}: rate limited by the Management API (429)` : what,
      err,
    );
  }
}
