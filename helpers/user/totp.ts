/**
 * @module helpers/user/totp
 * The "authenticator app" of a test user: RFC 6238 codes from the base32 secret that Universal
 * Login shows under "Trouble Scanning?", computed with otplib 13.
 */
import { generate } from 'otplib';

/** RFC 6238 default time step, the one Auth0 Guardian OTP uses. */
export const TOTP_PERIOD_SECONDS = 30;

/** Normalises a secret as displayed (spaces, lowercase) to plain base32. */
export function normaliseSecret(displayed: string): string {
  return displayed.replace(/\s+/g, '').toUpperCase();
}

/** Whether a text looks like a base32 TOTP secret (16+ characters of A–Z, 2–7). */
export function looksLikeTotpSecret(text: string): boolean {
  return /^[A-Z2-7]{16,}$/.test(normaliseSecret(text));
}

/** The RFC 6238 time-step counter for a Unix time in milliseconds. */
export function totpStep(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * Holds one secret and hands out codes, never two from the same time step: Auth0 rejects a
 * code that was already used, so a second OTP screen within 30 s waits for the next step.
 */
export class TotpDevice {
  private lastStep: number | undefined;
  private readonly secret: string;

  constructor(secret: string) {
    this.secret = normaliseSecret(secret);
    if (!looksLikeTotpSecret(this.secret)) throw new Error('TotpDevice: not a base32 secret');
  }

  /** A code from a time step not used before by this device (waits up to 30 s for one). */
  async nextCode(): Promise<string> {
    let now = Date.now();
    if (this.lastStep !== undefined && totpStep(now) <= this.lastStep) {
      const nextStepAt = (this.lastStep + 1) * TOTP_PERIOD_SECONDS * 1000;
      await new Promise((r) => setTimeout(r, nextStepAt - now + 250));
      now = Date.now();
    }
    this.lastStep = totpStep(now);
    return generate({ secret: this.secret, epoch: Math.floor(now / 1000) });
  }
}
