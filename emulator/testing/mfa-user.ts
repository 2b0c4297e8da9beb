/**
 * @module emulator/testing/mfa-user
 * Where most Universal Login MFA tests start: a post-login Action requiring MFA
 * (`requireMfaAction`), and a user enrolled earlier in OTP and in device biometrics on the
 * page's virtual platform authenticator (or in OTP only), so that a login stops at an MFA challenge.
 */
import type { Page } from '@playwright/test';
import type { Emulator } from '../app.ts';
import type { UserRecord } from '../tenant/store.ts';
import {
  requireMfaAction,
  seedOtp,
  seedPlatformCredential,
  seedUser,
  virtualAuthenticator,
  type CdpAuthenticator,
} from './credentials.ts';
import { deployAction } from './login-helpers.ts';

export interface OtpUser {
  user: UserRecord;
  /** The user's TOTP secret (never print it). */
  otpSecret: string;
}

export interface MfaUser extends OtpUser {
  /** The page's virtual authenticator, holding the user's device-biometrics credential. */
  auth: CdpAuthenticator;
}

/**
 * Binds the MFA-requiring Action and seeds a user (`tag` in the email) enrolled in OTP only.
 * @param opts.allowRememberBrowser offered to the user at the challenge; default false.
 */
export async function seedOtpUser(
  emulator: Emulator,
  tag: string,
  opts: { allowRememberBrowser?: boolean } = {},
): Promise<OtpUser> {
  deployAction(
    emulator.context.tenant,
    'require-mfa',
    requireMfaAction(opts.allowRememberBrowser ?? false),
  );
  const user = await seedUser(emulator, tag);
  return { user, otpSecret: seedOtp(user) };
}

/**
 * Binds the MFA-requiring Action and seeds a user (`tag` in the email) with OTP and device
 * biometrics, the latter on a new virtual authenticator of the page.
 * @param opts.allowRememberBrowser offered to the user at the challenge; default false.
 */
export async function seedMfaUser(
  page: Page,
  emulator: Emulator,
  tag: string,
  opts: { allowRememberBrowser?: boolean } = {},
): Promise<MfaUser> {
  const auth = await virtualAuthenticator(page);
  const { user, otpSecret } = await seedOtpUser(emulator, tag, opts);
  await seedPlatformCredential(emulator, auth, user);
  return { auth, user, otpSecret };
}
