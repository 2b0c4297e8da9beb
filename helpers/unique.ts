/**
 * @module helpers/unique
 * Unique test-user identities: one fresh user per test, never shared between workers or runs
 * (Auth0's per-user login limits and session state make shared users flaky: see
 * landscape.md §4 "Parallel workers sharing one user").
 */
import { randomInt } from 'node:crypto';

let counter = 0;

/**
 * A test-user email `e2e-bio+<run>-<worker>-<n>@example.com`, lowercase because Auth0 stores
 * emails lowercase and `users-by-email` is case-sensitive.
 * @param runId `HarnessEnv.runId`, shared by every worker of the run.
 * @param workerIndex `testInfo.workerIndex`.
 */
export function uniqueEmail(runId: string, workerIndex: number): string {
  counter += 1;
  return `e2e-bio+${runId}-${workerIndex}-${counter}@example.com`.toLowerCase();
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
