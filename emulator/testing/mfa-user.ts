/**
 * @module emulator/testing/mfa-user
 * Where most Universal Login MFA tests start: a post-login Action requiring MFA
 * (`requireMfaAction`), and a user enrolled earlier in OTP and in device biometrics on the
 * page's virtual platform authenticator, so the next login stops at the biometric challenge.
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

export interface MfaUser {
  /** The page's virtual authenticator, holding the user's device-biometrics credential. */
  auth: CdpAuthenticator;
  user: UserRecord;
  /** The user's TOTP secret (never print it). */
  otpSecret: string;
}

/**
 * Binds the MFA-requiring Action and seeds a user (`tag` in the email) with OTP and device
 * biometrics.
 * @param opts.allowRememberBrowser offered to the user at the challenge; default false.
 */
export async function seedMfaUser(
  page: Page,
  emulator: Emulator,
  tag: string,
  opts: { allowRememberBrowser?: boolean } = {},
): Promise<MfaUser> {
  deployAction(
    emulator.context.tenant,
    'require-mfa',
    requireMfaAction(opts.allowRememberBrowser ?? false),
  );
  const auth = await virtualAuthenticator(page);
  const user = await seedUser(emulator, tag);
  const otpSecret = seedOtp(user);
  await seedPlatformCredential(emulator, auth, user);
  return { auth, user, otpSecret };
}
