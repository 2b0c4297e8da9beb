/**
 * @module emulator/login/attack-protection
 * Login attack protection as Auth0 documents it (auth0-behaviour.md §5.2), per tenant, in memory:
 * - Brute-force protection: "Default threshold is 10 failed attempts from one IP to one
 *   identifier"; the block holds even for the right password until it is lifted with
 *   `DELETE /api/v2/user-blocks?identifier=` (or a successful login resets the count before
 *   the threshold).
 * - MFA OTP limit: `gd_otp_rate_limit_exceed` fires on "more than 10 requests … within one hour"
 *   and the count "does not reset upon a successful login".
 * Time comes from `protectionClock` so tests can move it (as `rateLimitClock` does for the
 * Management API).
 */
import { runtimeSlot } from '../tenant/runtime.ts';
import type { Tenant } from '../tenant/store.ts';

/** Clock seam (milliseconds since epoch). Tests replace `now` and restore it. */
export const protectionClock = { now: (): number => Date.now() };

/** Brute-force protection's default threshold (§5.2: "10 failed attempts from one IP to one identifier"). */
export const BRUTE_FORCE_THRESHOLD = 10;
/** Failed OTP codes tolerated per user per window (§5.2: "more than 10 … within one hour"). */
export const OTP_FAILURE_LIMIT = 10;
export const OTP_WINDOW_MS = 60 * 60 * 1000;

/** One brute-force block, as `GET /api/v2/user-blocks` lists it (`blocked_for[]`). */
export interface UserBlock {
  identifier: string;
  ip: string;
  connection: string;
  /** When the block started (ms). Emulator-only. */
  since: number;
}

interface ProtectionState {
  /** Consecutive failed password attempts by `ip \n identifier`. */
  failures: Map<string, number>;
  blocks: Map<string, UserBlock>;
  /** Failed OTP codes per user id (timestamps, ms). */
  otpFailures: Map<string, number[]>;
}

/** The tenant's counters and blocks; the reset route forgets them with the rest of the runtime. */
const PROTECTION = runtimeSlot<ProtectionState>('attack protection', () => ({
  failures: new Map(),
  blocks: new Map(),
  otpFailures: new Map(),
}));

const stateOf = (tenant: Tenant): ProtectionState => tenant.runtime.get(PROTECTION);

/** Identifiers are compared case-insensitively (Auth0 stores emails lower-case). */
const normalise = (identifier: string) => identifier.trim().toLowerCase();
const keyOf = (ip: string, identifier: string) => `${ip}\n${normalise(identifier)}`;

/** Whether `ip` is blocked from logging in as `identifier`. */
export function isBlocked(tenant: Tenant, ip: string, identifier: string): boolean {
  return stateOf(tenant).blocks.has(keyOf(ip, identifier));
}

/**
 * Counts a failed password attempt for an existing account. Returns true when this attempt
 * reached the threshold and the block is now in place. Only wrong passwords of existing users
 * count ("a targeted attack on a single user account"; whether unknown identifiers are counted
 * too is unconfirmed).
 */
export function recordPasswordFailure(
  tenant: Tenant,
  ip: string,
  identifier: string,
  connection: string,
): boolean {
  const s = stateOf(tenant);
  const key = keyOf(ip, identifier);
  const count = (s.failures.get(key) ?? 0) + 1;
  s.failures.set(key, count);
  if (count < BRUTE_FORCE_THRESHOLD || s.blocks.has(key)) return false;
  s.blocks.set(key, {
    identifier: normalise(identifier),
    ip,
    connection,
    since: protectionClock.now(),
  });
  return true;
}

/** A successful login resets the count for that IP and identifier (§5.2, "consecutive"). */
export function resetPasswordFailures(tenant: Tenant, ip: string, identifier: string): void {
  stateOf(tenant).failures.delete(keyOf(ip, identifier));
}

/** Blocks of an identifier (every IP). */
export function blocksFor(tenant: Tenant, identifier: string): UserBlock[] {
  const wanted = normalise(identifier);
  return [...stateOf(tenant).blocks.values()].filter((b) => b.identifier === wanted);
}

/** Lifts every block of an identifier and its failure counts; returns how many were lifted. */
export function unblockIdentifier(tenant: Tenant, identifier: string): number {
  const s = stateOf(tenant);
  const wanted = normalise(identifier);
  let lifted = 0;
  for (const [key, block] of s.blocks) {
    if (block.identifier !== wanted) continue;
    s.blocks.delete(key);
    lifted += 1;
  }
  for (const key of s.failures.keys()) {
    if (key.endsWith(`\n${wanted}`)) s.failures.delete(key);
  }
  return lifted;
}

/** Failed OTP codes of a user still inside the window. */
function recentOtpFailures(tenant: Tenant, userId: string): number[] {
  const s = stateOf(tenant);
  const since = protectionClock.now() - OTP_WINDOW_MS;
  const recent = (s.otpFailures.get(userId) ?? []).filter((t) => t > since);
  if (recent.length) s.otpFailures.set(userId, recent);
  else s.otpFailures.delete(userId);
  return recent;
}

/** Whether the user already has the maximum failed OTP codes in the last hour. */
export function otpLocked(tenant: Tenant, userId: string): boolean {
  return recentOtpFailures(tenant, userId).length >= OTP_FAILURE_LIMIT;
}

/** Counts a failed OTP code. Successes never reset the count (§5.2). */
export function recordOtpFailure(tenant: Tenant, userId: string): void {
  const recent = recentOtpFailures(tenant, userId);
  stateOf(tenant).otpFailures.set(userId, [...recent, protectionClock.now()]);
}
