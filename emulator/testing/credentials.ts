/**
 * @module emulator/testing/credentials
 * Test helpers: a CDP virtual platform authenticator whose credentials the test controls, and
 * users seeded with factors directly in the tenant (as if enrolled earlier), so a test can start
 * at the MFA challenge without going through enrollment.
 * The credential is an ES256 key pair made here: the private key goes to the virtual
 * authenticator (`WebAuthn.addCredential`, PKCS#8), the public key to the user's stored
 * authenticator (COSE_Key, RFC 9053 §7.1.1), exactly as a real enrollment would leave them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { CDPSession, Page } from '@playwright/test';
import type { Emulator } from '../app.ts';
import { userHandleFor } from '../factors/webauthn.ts';
import { newOtpSecret } from '../factors/totp.ts';
import type {
  OtpAuthenticator,
  UserRecord,
  WebAuthnPlatformAuthenticator,
} from '../tenant/store.ts';
import { createUser } from '../tenant/users.ts';

export const PASSWORD = 'Corr3ct-Horse-Battery';
export const PRIMARY = 'button[name=action][value=default]';

let seq = 0;
export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${++seq}@example.com`;

export interface CdpAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  /** Stored sign counts of the authenticator's credentials. */
  credentials: () => Promise<{ credentialId: string; signCount: number }[]>;
  /** Makes the authenticator answer without the UV flag (the server must refuse). */
  setBadUV: (on: boolean) => Promise<void>;
}

/** A ctap2 internal authenticator with user verification (Touch ID / Windows Hello stand-in). */
export async function virtualAuthenticator(page: Page): Promise<CdpAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    setBadUV: async (on) => {
      await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, isBadUV: on });
    },
  };
}

/** CBOR (RFC 8949) of the EC2 P-256 COSE_Key {1:2, 3:-7, -1:1, -2:x, -3:y}. */
function coseEc2(x: Buffer, y: Buffer): Buffer {
  const bstr32 = (b: Buffer) => Buffer.concat([Buffer.from([0x58, 0x20]), b]);
  return Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]),
    bstr32(x),
    Buffer.from([0x22]),
    bstr32(y),
  ]);
}

/**
 * Creates a platform credential for `user` on `localhost` in the virtual authenticator and
 * stores its public key on the user, as a finished enrollment would.
 * @param opts.storedCounter the counter the server remembers (default: the authenticator's).
 */
export async function seedPlatformCredential(
  emulator: Emulator,
  auth: CdpAuthenticator,
  user: UserRecord,
  opts: { signCount?: number; storedCounter?: number } = {},
): Promise<WebAuthnPlatformAuthenticator> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const credentialId = randomBytes(16);
  const signCount = opts.signCount ?? 0;
  await auth.cdp.send('WebAuthn.addCredential', {
    authenticatorId: auth.authenticatorId,
    credential: {
      credentialId: credentialId.toString('base64'),
      isResidentCredential: true,
      rpId: new URL(emulator.origin).hostname,
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      userHandle: Buffer.from(userHandleFor(emulator.context.tenant, user.user_id)).toString(
        'base64',
      ),
      signCount,
    },
  });
  const stored: WebAuthnPlatformAuthenticator = {
    type: 'webauthn-platform',
    id: `webauthn-platform|dev_${randomBytes(8).toString('hex')}`,
    credentialId: credentialId.toString('base64url'),
    publicKey: coseEc2(
      Buffer.from(jwk.x as string, 'base64url'),
      Buffer.from(jwk.y as string, 'base64url'),
    ).toString('base64url'),
    counter: opts.storedCounter ?? signCount,
    transports: ['internal'],
    name: 'Chrome on Linux',
    confirmed: true,
    created_at: new Date().toISOString(),
  };
  user.authenticators.push(stored);
  return stored;
}

/** Adds a confirmed OTP authenticator to a user and returns its secret. */
export function seedOtp(user: UserRecord): string {
  const secret = newOtpSecret();
  const otp: OtpAuthenticator = {
    type: 'otp',
    id: `totp|dev_${randomBytes(8).toString('hex')}`,
    secret,
    confirmed: true,
    created_at: new Date().toISOString(),
    usedSteps: [],
  };
  user.authenticators.push(otp);
  return secret;
}

/** A database user with the default test password. */
export function seedUser(emulator: Emulator, tag: string): Promise<UserRecord> {
  const tenant = emulator.context.tenant;
  return createUser(tenant, {
    email: uniqueEmail(tag),
    password: PASSWORD,
    connection: tenant.connection.name,
  });
}

/** `exports.onExecutePostLogin` requiring MFA at the end of the flow. */
export const requireMfaAction = (allowRememberBrowser: boolean) =>
  `exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable('any', { allowRememberBrowser: ${allowRememberBrowser} }); };`;

/**
 * Puts back the login settings other test files of the same worker may have changed (the
 * emulator is worker-scoped): `/u/login` (not identifier-first), OTP and device biometrics
 * enabled, recovery codes off, no tenant MFA policy, MFA customisable from Actions, no Action
 * bound, Bot Detection's CAPTCHA never asked.
 */
export function resetLoginSettings(emulator: Emulator): void {
  const tenant = emulator.context.tenant;
  tenant.promptSettings.identifier_first = false;
  tenant.factors.set('otp', { enabled: true });
  tenant.factors.set('webauthn-platform', { enabled: true });
  tenant.factors.set('recovery-code', { enabled: false });
  tenant.guardianPolicies = [];
  tenant.settings.customize_mfa_in_postlogin_action = true;
  tenant.bindings = [];
  tenant.botDetection.challenge_password_policy = 'never';
  tenant.botDetection.allowlist = [];
  tenant.botDetection.monitoring_mode_enabled = false;
}
