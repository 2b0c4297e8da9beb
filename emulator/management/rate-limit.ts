/**
 * @module emulator/management/rate-limit
 * Management API rate limiting: a token bucket per tenant ("burst equals bucket size"), with
 * `X-RateLimit-Limit/Remaining/Reset` (UTC epoch seconds) on every response.
 * https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
 */

/** Clock seam: tests pin `now` instead of sleeping. */
export const rateLimitClock = { now: (): number => Date.now() };

export interface BucketProfile {
  /** Bucket size = burst. */
  size: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** `free`: Auth0 Free plan Management API, 2 burst / 2 per second; `default`: generous. */
export const RATE_LIMIT_PROFILES: Record<'default' | 'free', BucketProfile> = {
  default: { size: 50, refillPerSecond: 50 },
  free: { size: 2, refillPerSecond: 2 },
};

export interface TakeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds when the bucket is full again. */
  reset: number;
  /** Seconds until one request is allowed (only when refused). */
  retryAfter: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(readonly profile: BucketProfile) {
    this.tokens = profile.size;
    this.last = rateLimitClock.now();
  }

  take(): TakeResult {
    const now = rateLimitClock.now();
    const { size, refillPerSecond } = this.profile;
    this.tokens = Math.min(
      size,
      this.tokens + (Math.max(0, now - this.last) / 1000) * refillPerSecond,
    );
    this.last = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const reset = Math.ceil((now + ((size - this.tokens) / refillPerSecond) * 1000) / 1000);
    const retryAfter = allowed ? 0 : Math.max(1, Math.ceil((1 - this.tokens) / refillPerSecond));
    return { allowed, limit: size, remaining: Math.floor(this.tokens), reset, retryAfter };
  }
}
