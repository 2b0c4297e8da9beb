/**
 * @module emulator/factors/totp
 * One-time-password factor (`otp`, Guardian "Google Authenticator"): RFC 6238 TOTP, SHA-1,
 * 6 digits, 30-second steps, verified with otplib 13. Secrets are generated like Auth0's:
 * 20 random bytes as 32 base32 characters (RFC 4648 §6, no padding).
 */
import { generateSecret, generateURI, verify } from 'otplib';

/** A new OTP secret: 20 bytes (160 bits, RFC 4226 §4 R6 recommendation) → 32 base32 characters. */
export function newOtpSecret(): string {
  return generateSecret({ length: 20 });
}

/**
 * The `otpauth://totp/{issuer}:{label}?secret=…&issuer=…` URI an authenticator app scans
 * (Key Uri Format, https://github.com/google/google-authenticator/wiki/Key-Uri-Format).
 */
export function otpauthUri(opts: { secret: string; issuer: string; label: string }): string {
  return generateURI({ issuer: opts.issuer, label: opts.label, secret: opts.secret });
}

export type TotpCheck =
  { ok: true; step: number } | { ok: false; reason: 'format' | 'invalid' | 'replayed' };

/** Universal Login accepts exactly six digits ("OTP Code must have 6 numeric characters"). */
export const OTP_CODE_FORMAT = /^\d{6}$/;

/**
 * Verifies a code against a secret with a ±1 step window (RFC 6238 §5.2 "at most one time step"
 * of network delay) and refuses a time step that was already accepted (RFC 6238 §5.2: "the
 * verifier MUST NOT accept the second attempt of the OTP after the successful validation").
 *
 * @param opts.usedSteps steps previously accepted for this secret (`OtpAuthenticator.usedSteps`).
 * @param opts.epoch Unix seconds; defaults to now (tests pin it).
 */
export async function verifyTotp(opts: {
  secret: string;
  code: string;
  usedSteps: readonly number[];
  epoch?: number;
}): Promise<TotpCheck> {
  const code = opts.code.trim();
  if (!OTP_CODE_FORMAT.test(code)) return { ok: false, reason: 'format' };
  let result;
  try {
    result = await verify({
      secret: opts.secret,
      token: code,
      epochTolerance: 30,
      ...(opts.epoch !== undefined ? { epoch: opts.epoch } : {}),
    });
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (!result.valid) return { ok: false, reason: 'invalid' };
  const step = 'timeStep' in result ? result.timeStep : undefined;
  if (typeof step !== 'number') return { ok: false, reason: 'invalid' };
  if (opts.usedSteps.includes(step)) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}
