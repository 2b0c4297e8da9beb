/**
 * @module helpers/user/unique
 * Unique test-user identities: one fresh user per test, never shared between workers or runs
 * (Auth0's per-user login limits and session state make shared users flaky: see
 * landscape.md §4 "Parallel workers sharing one user").
 */
import { randomInt } from 'node:crypto';

let counter = 0;

/**
 * The two markers of a harness test user; the sweep deletes only users carrying both.
 * 1. The email: `e2e-bio+…@example.com` (`uniqueEmail`).
 * 2. `app_metadata.e2e_harness = { run, created_at }`, written by the test-user fixture right
 *    after the sign-up transaction (login 1) through `PATCH /api/v2/users/{id}`, which merges
 *    metadata at root level (auth0-behaviour.md §3.2), so the Action's `biometrics` key stays.
 */
export const TEST_EMAIL_PREFIX = 'e2e-bio+';
export const TEST_EMAIL_DOMAIN = 'example.com';
export const MARKER_KEY = 'e2e_harness';

export interface HarnessMarker {
  run: string;
  created_at: string;
}

/** Whether `email` has the shape `uniqueEmail` gives (case-insensitive). */
export function isTestEmail(email: unknown): boolean {
  if (typeof email !== 'string') return false;
  const e = email.toLowerCase();
  return (
    e.startsWith(TEST_EMAIL_PREFIX) &&
    e.endsWith(`@${TEST_EMAIL_DOMAIN}`) &&
    e.length > TEST_EMAIL_PREFIX.length + TEST_EMAIL_DOMAIN.length + 1
  );
}

/** The `app_metadata` patch that marks a test user of run `runId`. */
export function markerPatch(runId: string, now: Date = new Date()): Record<string, HarnessMarker> {
  return { [MARKER_KEY]: { run: runId, created_at: now.toISOString() } };
}

/** The marker in a user's `app_metadata`, when it is well formed. */
export function markerOf(user: { app_metadata?: unknown }): HarnessMarker | undefined {
  const meta = user.app_metadata;
  if (!meta || typeof meta !== 'object') return undefined;
  const m = (meta as Record<string, unknown>)[MARKER_KEY];
  if (!m || typeof m !== 'object') return undefined;
  const { run, created_at } = m as Record<string, unknown>;
  if (typeof run !== 'string' || run === '' || typeof created_at !== 'string') return undefined;
  return { run, created_at };
}

/** Both markers: a test email and a well-formed `app_metadata.e2e_harness`. */
export function isMarkedTestUser(user: { email?: unknown; app_metadata?: unknown }): boolean {
  return isTestEmail(user.email) && markerOf(user) !== undefined;
}

/**
 * A test-user email `e2e-bio+<run>-<worker>-<n>@example.com`, lowercase because Auth0 stores
 * emails lowercase and `users-by-email` is case-sensitive.
 * @param runId `HarnessEnv.runId`, shared by every worker of the run.
 * @param workerIndex `testInfo.workerIndex`.
 */
export function uniqueEmail(runId: string, workerIndex: number): string {
  counter += 1;
  return `${TEST_EMAIL_PREFIX}${runId}-${workerIndex}-${counter}@${TEST_EMAIL_DOMAIN}`.toLowerCase();
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#$%*+-=?@^_~';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] as string;
}

/**
 * A random 24-character password that satisfies Auth0's strongest ("excellent") policy: all
 * four character classes and no more than two identical characters in a row.
 * https://auth0.com/docs/authenticate/database-connections/password-strength
 */
export function strongPassword(length = 24): string {
  for (;;) {
    const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < length) chars.push(pick(ALL));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const password = chars.join('');
    if (!/(.)\1\1/.test(password)) return password;
  }
}
