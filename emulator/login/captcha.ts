/**
 * @module emulator/login/captcha
 * Bot Detection's CAPTCHA on the password screens (auth0-behaviour.md §5.1;
 * https://auth0.com/docs/secure/attack-protection/bot-detection), enforced:
 * - `challenge_password_policy: 'always'` (set with `PATCH /api/v2/attack-protection/bot-detection`)
 *   puts a CAPTCHA on `login`, `login-password` and `signup` (the screens whose ACUL interfaces
 *   carry a `captcha` field) and refuses their POST unless it carries this transaction's solved
 *   challenge. IPs and CIDRs of `allowlist` bypass it ("IP AllowList: up to 100 IPs or CIDRs
 *   bypass Bot Detection").
 * - `when_risky` never challenges here: the embedded tenant has no risk signal offline (the
 *   README's "Not emulated" list says so). `never` never does.
 * - `monitoring_mode_enabled: true` records and never challenges (the Management API's
 *   description of the field, "logs but does not challenge"; the doctor reads it the same way).
 * The provider is Auth Challenge (Auth0's default): a widget that proves, with JavaScript and
 * the provider's servers, that a human is there. Offline nothing can answer it, so the widget
 * never completes in a browser: the solution of a transaction's challenge is only reachable
 * in-process (`captchaSolutionFor`, for the emulator's own tests). Each solution is single-use:
 * a refused password still needs a new one.
 */
import { BlockList, isIP } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { runtimeSlot } from '../tenant/runtime.ts';
import type { Tenant } from '../tenant/store.ts';
import type { ScreenError } from '../views/layout.ts';

/**
 * The alert when the CAPTCHA is missing or wrong. Auth0's code and text for it are unconfirmed
 * on live (the ACUL error code `invalid-captcha` and the text-customization key are the guess).
 */
export const INVALID_CAPTCHA: ScreenError = {
  code: 'invalid-captcha',
  message: 'Solve the challenge question to verify you are not a robot.',
};

/** The pending challenge's solution per transaction uid. */
const CHALLENGES = runtimeSlot<Map<string, string>>('captcha challenges', () => new Map());

/** Whether `ip` matches one of the allow-list's IPs or CIDRs (malformed entries match nothing). */
export function isAllowListed(allowlist: readonly string[], ip: string): boolean {
  const family = isIP(ip);
  if (!family) return false;
  const list = new BlockList();
  for (const entry of allowlist) {
    const [addr = '', bits] = entry.trim().split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : isIP(addr) === 4 ? 'ipv4' : undefined;
    if (!type) continue;
    const prefix = bits === undefined ? undefined : Number(bits);
    try {
      if (prefix === undefined) list.addAddress(addr, type);
      else if (Number.isInteger(prefix)) list.addSubnet(addr, prefix, type);
    } catch {
      // An out-of-range prefix is not an entry Auth0 would accept; it matches nothing.
    }
  }
  return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

/** Whether Bot Detection asks this request's user for a CAPTCHA on the password screens. */
export function captchaRequired(tenant: Tenant, ip: string): boolean {
  const bot = tenant.botDetection;
  if (bot.challenge_password_policy !== 'always' || bot.monitoring_mode_enabled === true) {
    return false;
  }
  const allowlist = Array.isArray(bot.allowlist)
    ? bot.allowlist.filter((e): e is string => typeof e === 'string')
    : [];
  return !isAllowListed(allowlist, ip);
}

/**
 * The solution of the transaction's pending challenge, issuing one if none is pending. Only
 * for in-process callers (the emulator's tests): no page ever shows it.
 */
export function captchaSolutionFor(tenant: Tenant, uid: string): string {
  const challenges = tenant.runtime.get(CHALLENGES);
  let solution = challenges.get(uid);
  if (!solution) {
    solution = randomBytes(24).toString('base64url');
    challenges.set(uid, solution);
  }
  return solution;
}

/**
 * Checks the posted `captcha` against the transaction's challenge and consumes the challenge
 * whatever the answer (single-use).
 */
export function verifyCaptcha(tenant: Tenant, uid: string, posted: string | undefined): boolean {
  const challenges = tenant.runtime.get(CHALLENGES);
  const solution = challenges.get(uid);
  challenges.delete(uid);
  if (!solution || !posted) return false;
  const a = Buffer.from(posted);
  const b = Buffer.from(solution);
  return a.length === b.length && timingSafeEqual(a, b);
}
