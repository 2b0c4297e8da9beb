/**
 * @module emulator/login/device
 * The two Authentication API cookies Universal Login keeps per browser
 * (https://auth0.com/docs/manage-users/cookies/authentication-api-cookies):
 * - `did` — "Device identification for attack protection": set on the first Universal Login
 *   visit, long-lived, HttpOnly; its value is the `device_id` of `gd_*` log details (§3.3).
 * - `auth0-mf` — "Used to establish the trust level for a given device": set when the user ticks
 *   "Remember this device for 30 days" on an MFA challenge that `api.multifactor.enable(…,
 *   {allowRememberBrowser: true})` allowed; for 30 days that user is not challenged again at the
 *   end of the flow from this browser ("prompted once every 30 days", §1.3).
 * Auth0's cookie values are opaque. Here `did` is `v0:<uuid>` and `auth0-mf` an opaque token
 * looked up server-side (formats, the `did` lifetime and SameSite=Lax instead of
 * `SameSite=None; Secure` + `*_compat` on plain http are the emulator's choices, unconfirmed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { runtimeSlot } from '../tenant/runtime.ts';
import type { Tenant } from '../tenant/store.ts';
import { protectionClock } from './attack-protection.ts';

export const DEVICE_COOKIE = 'did';
export const REMEMBER_COOKIE = 'auth0-mf';
/** `did` lifetime: one year (unconfirmed). */
export const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
/** "Remember this device for 30 days" (customize-text-elements, §2.4). */
export const REMEMBER_BROWSER_MS = 30 * 24 * 60 * 60 * 1000;

const DEVICE_ID = /^v0:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const STATE_KEY = 'auth0DeviceId';

const cookieOptions = (maxAge: number) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  path: '/',
  maxAge,
  signed: false,
  overwrite: true,
});

/**
 * The browser's device id: the `did` cookie, set now when it is missing or malformed.
 * Call once per Universal Login request, before anything logs.
 */
export function ensureDeviceId(ctx: Context): string {
  const existing = ctx.cookies.get(DEVICE_COOKIE, { signed: false });
  if (existing && DEVICE_ID.test(existing)) {
    ctx.state[STATE_KEY] = existing;
    return existing;
  }
  const id = `v0:${randomUUID()}`;
  ctx.cookies.set(DEVICE_COOKIE, id, cookieOptions(DEVICE_COOKIE_MAX_AGE_MS));
  ctx.state[STATE_KEY] = id;
  return id;
}

/** The device id of this request (after `ensureDeviceId`), or undefined. */
export function deviceIdOf(ctx: Context): string | undefined {
  const id = ctx.state[STATE_KEY] as unknown;
  return typeof id === 'string' ? id : undefined;
}

/** The tenant's remembered browsers: token → user id → expiry (ms). */
const REMEMBERED = runtimeSlot('remembered browsers', () => new Map<string, Map<string, number>>());

const storeOf = (tenant: Tenant): Map<string, Map<string, number>> =>
  tenant.runtime.get(REMEMBERED);

function tokenOf(ctx: Context): string | undefined {
  const token = ctx.cookies.get(REMEMBER_COOKIE, { signed: false });
  return token && TOKEN.test(token) ? token : undefined;
}

/** Whether this browser is remembered for this user (unexpired `auth0-mf`). */
export function isBrowserRemembered(tenant: Tenant, ctx: Context, userId: string): boolean {
  const token = tokenOf(ctx);
  const expiresAt = token ? storeOf(tenant).get(token)?.get(userId) : undefined;
  return expiresAt !== undefined && expiresAt > protectionClock.now();
}

/** Remembers this browser for this user for 30 days and (re)sets the `auth0-mf` cookie. */
export function rememberBrowser(tenant: Tenant, ctx: Context, userId: string): void {
  const store = storeOf(tenant);
  let token = tokenOf(ctx);
  if (!token || !store.has(token)) token = randomBytes(32).toString('base64url');
  const users = store.get(token) ?? new Map<string, number>();
  users.set(userId, protectionClock.now() + REMEMBER_BROWSER_MS);
  store.set(token, users);
  ctx.cookies.set(REMEMBER_COOKIE, token, cookieOptions(REMEMBER_BROWSER_MS));
}

/**
 * Forgets every remembered browser of a user (Auth0: `POST /api/v2/users/{id}/multifactor/
 * actions/invalidate-remember-browser`).
 */
export function forgetRememberedBrowsers(tenant: Tenant, userId: string): void {
  for (const users of storeOf(tenant).values()) users.delete(userId);
}
