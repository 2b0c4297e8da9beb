/**
 * @module emulator/factors/webauthn
 * Device biometrics (`webauthn-platform`) verified for real with @simplewebauthn/server 14.
 * Auth0 always performs user verification for device biometrics
 * (https://auth0.com/docs/secure/multi-factor-authentication/fido-authentication-with-webauthn),
 * so both ceremonies ask `userVerification: 'required'` and verify with
 * `requireUserVerification: true`. The RP ID is the tenant's hostname (auth0-behaviour.md §2.1).
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { random } from '../tenant/ids.ts';
import { runtimeSlot } from '../tenant/runtime.ts';
import type { Tenant, WebAuthnPlatformAuthenticator } from '../tenant/store.ts';

/** COSE algorithm ids offered: ES256 (-7) and RS256 (-257) (WebAuthn §5.8.5 / IANA COSE). */
export const SUPPORTED_ALGORITHMS = [-7, -257];

/** Ceremony timeout in ms (WebAuthn §5.4 `timeout`). */
export const CEREMONY_TIMEOUT_MS = 60_000;

// WebAuthn user handles (`user.id`, WebAuthn §5.4.3): random bytes per user, never the user id.
const USER_HANDLES = runtimeSlot(
  'WebAuthn user handles',
  () => new Map<string, Uint8Array<ArrayBuffer>>(),
);

/** The user's WebAuthn user handle: 32 random bytes, stable until the tenant's runtime is reset. */
export function userHandleFor(tenant: Tenant, userId: string): Uint8Array<ArrayBuffer> {
  const map = tenant.runtime.get(USER_HANDLES);
  let handle = map.get(userId);
  if (!handle) map.set(userId, (handle = new Uint8Array(random.bytes(32))));
  return handle;
}

/**
 * `PublicKeyCredentialCreationOptions` for a platform authenticator, as Auth0's
 * mfa-webauthn-platform-enrollment screen data carries them (auth0-behaviour.md §2.4).
 */
export async function platformRegistrationOptions(opts: {
  rpId: string;
  rpName: string;
  userHandle: Uint8Array<ArrayBuffer>;
  email: string;
  exclude: readonly WebAuthnPlatformAuthenticator[];
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpID: opts.rpId,
    rpName: opts.rpName,
    userID: opts.userHandle,
    userName: opts.email,
    userDisplayName: opts.email,
    challenge: new Uint8Array(random.bytes(32)),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    excludeCredentials: opts.exclude.map((a) => ({ id: a.credentialId, transports: a.transports })),
    authenticatorSelection: {
      authenticatorAttachment: 'platform',
      residentKey: 'preferred',
      userVerification: 'required',
    },
  });
}

/** `PublicKeyCredentialRequestOptions` for the mfa-webauthn-platform-challenge screen. */
export async function platformAuthenticationOptions(opts: {
  rpId: string;
  allow: readonly WebAuthnPlatformAuthenticator[];
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: opts.rpId,
    challenge: new Uint8Array(random.bytes(32)),
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'required',
    allowCredentials: opts.allow.map((a) => ({ id: a.credentialId, transports: a.transports })),
  });
}

export type WebAuthnFailure = { ok: false; errorCode: string; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Parses the `response` form field (JSON the screen's script posts) into a registration
 * response, or undefined when it is not one. Never throws.
 */
export function parseRegistrationResponse(raw: string): RegistrationResponseJSON | undefined {
  const c = parseCredential(raw);
  const r = c?.response;
  if (!c || !r || !isString(r.clientDataJSON) || !isString(r.attestationObject)) return undefined;
  const transports = Array.isArray(r.transports) ? r.transports.filter(isString) : [];
  return {
    ...c.head,
    response: {
      clientDataJSON: r.clientDataJSON,
      attestationObject: r.attestationObject,
      transports,
    },
    clientExtensionResults: c.clientExtensionResults,
  };
}

/** Parses the challenge screen's `response` field into an assertion response. Never throws. */
export function parseAuthenticationResponse(raw: string): AuthenticationResponseJSON | undefined {
  const c = parseCredential(raw);
  const r = c?.response;
  if (
    !c ||
    !r ||
    !isString(r.clientDataJSON) ||
    !isString(r.authenticatorData) ||
    !isString(r.signature)
  ) {
    return undefined;
  }
  return {
    ...c.head,
    response: {
      clientDataJSON: r.clientDataJSON,
      authenticatorData: r.authenticatorData,
      signature: r.signature,
      ...(isString(r.userHandle) ? { userHandle: r.userHandle } : {}),
    },
    clientExtensionResults: c.clientExtensionResults,
  };
}

/**
 * What registration and assertion responses share: `id`, `rawId`, `type` (`public-key`), the
 * optional `authenticatorAttachment`, the `response` record and `clientExtensionResults`.
 */
function parseCredential(raw: string) {
  const v = safeJson(raw);
  if (!isRecord(v) || !isString(v.id) || !isString(v.rawId) || v.type !== 'public-key')
    return undefined;
  const head: Pick<
    AuthenticationResponseJSON,
    'id' | 'rawId' | 'type' | 'authenticatorAttachment'
  > = {
    id: v.id,
    rawId: v.rawId,
    type: 'public-key',
    ...(v.authenticatorAttachment === 'platform' || v.authenticatorAttachment === 'cross-platform'
      ? { authenticatorAttachment: v.authenticatorAttachment }
      : {}),
  };
  return {
    head,
    response: isRecord(v.response) ? v.response : undefined,
    clientExtensionResults: isRecord(v.clientExtensionResults) ? v.clientExtensionResults : {},
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What both ceremonies are checked against: the single-use challenge issued for them, the
 * tenant's origin and RP ID (auth0-behaviour.md §2.1).
 */
export interface CeremonyExpectation {
  expectedChallenge: string;
  expectedOrigin: string;
  expectedRPID: string;
}

/**
 * The library's options for an expectation: device biometrics always require user verification
 * (auth0-behaviour.md §2.1).
 */
const checksOf = (e: CeremonyExpectation) => ({
  expectedChallenge: e.expectedChallenge,
  expectedOrigin: e.expectedOrigin,
  expectedRPID: e.expectedRPID,
  requireUserVerification: true,
});

/**
 * Verifies an attestation (WebAuthn §7.1) against the single-use challenge issued for it.
 * @returns the credential to store, or a failure with the library's "actual vs expected" message.
 */
export async function verifyPlatformRegistration(
  opts: CeremonyExpectation & { response: RegistrationResponseJSON },
): Promise<
  | {
      ok: true;
      credential: { id: string; publicKey: string; counter: number; transports: string[] };
    }
  | WebAuthnFailure
> {
  try {
    const result = await verifyRegistrationResponse({
      response: opts.response,
      ...checksOf(opts),
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    if (!result.verified)
      return { ok: false, errorCode: 'not_verified', message: 'Registration not verified' };
    const c = result.registrationInfo.credential;
    return {
      ok: true,
      credential: {
        id: c.id,
        publicKey: Buffer.from(c.publicKey).toString('base64url'),
        counter: c.counter,
        transports: c.transports ?? opts.response.response.transports ?? ['internal'],
      },
    };
  } catch (err) {
    return { ok: false, errorCode: 'invalid_attestation', message: (err as Error).message };
  }
}

/**
 * Verifies an assertion (WebAuthn §7.2). The library enforces the signature counter rule
 * (§6.1.1: a non-zero counter must increase) and user verification.
 */
export async function verifyPlatformAssertion(
  opts: CeremonyExpectation & {
    response: AuthenticationResponseJSON;
    authenticator: WebAuthnPlatformAuthenticator;
  },
): Promise<{ ok: true; newCounter: number } | WebAuthnFailure> {
  try {
    const result = await verifyAuthenticationResponse({
      response: opts.response,
      ...checksOf(opts),
      credential: {
        id: opts.authenticator.credentialId,
        publicKey: new Uint8Array(Buffer.from(opts.authenticator.publicKey, 'base64url')),
        counter: opts.authenticator.counter,
        transports: opts.authenticator.transports,
      },
    });
    if (!result.verified)
      return { ok: false, errorCode: 'not_verified', message: 'Assertion not verified' };
    return { ok: true, newCounter: result.authenticationInfo.newCounter };
  } catch (err) {
    return { ok: false, errorCode: 'invalid_assertion', message: (err as Error).message };
  }
}

/** A display name for the key, as Auth0 derives one from the user agent (plausible, unconfirmed format). */
export function deviceNameFromUserAgent(ua: string | undefined): string {
  if (!ua) return 'Device biometrics';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS X/.test(ua)
      ? 'macOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Linux/.test(ua)
          ? 'Linux'
          : 'Unknown OS';
  return `${browser} on ${os}`;
}
