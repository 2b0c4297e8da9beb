/**
 * @module emulator/flow/passkey-offer
 * The passkey enrollment offer (prompt `passkeys`, screen `passkey-enrollment`,
 * auth0-behaviour.md §2.3, §2.5): with passkeys on for the database connection
 * (`options.authentication_methods.passkey.enabled`) and progressive enrollment on
 * (`options.passkey_options.progressive_enrollment_enabled`, "checked by default" once passkeys
 * are on, so a missing value counts as on:
 * https://auth0.com/docs/authenticate/database-connections/passkeys/configure-passkey-policy),
 * a user who signed up or logged in with a password is offered a passkey right after that first
 * factor, before the post-login Actions and MFA. Offering it after a password login too (not only
 * after sign-up) and its place before the Actions are unconfirmed on live: the stricter reading.
 * - "Continue without passkeys" (`action=abort-passkey-enrollment`) goes on; the offer is not
 *   made again in the transaction.
 * - Creating the passkey (`continuePasskeyEnrollment()`, a `passkey` attestation) is not
 *   emulated: the screen refuses it (login/screens/passkey-enrollment.ts). A passkey is a first
 *   factor, never a device-biometrics MFA factor: nothing here touches `enrolledFactors`.
 */
import type { Tenant } from '../tenant/store.ts';
import type { FlowEnv } from './env.ts';
import { prompt, type StepOutcome } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Whether the connection's settings ask Universal Login to offer a passkey. */
export function passkeyOfferEnabled(tenant: Tenant): boolean {
  const options = tenant.connection.options;
  const passkey = record(record(options.authentication_methods).passkey);
  const progressive = record(options.passkey_options).progressive_enrollment_enabled;
  return passkey.enabled === true && progressive !== false;
}

/** Pipeline step: right after the first factor, the offer waits on the user (or is settled). */
export function pendingPasskeyOffer(env: FlowEnv, tx: LoginTransaction): StepOutcome {
  const state = engineState(tx);
  if (state.passkeyOffer === undefined) {
    state.passkeyOffer = passkeyOfferEnabled(env.tenant) ? 'pending' : 'not-offered';
    if (state.passkeyOffer === 'pending') tx.addToTrail('flow', 'passkey enrollment offered');
  }
  return state.passkeyOffer === 'pending' ? prompt({ name: 'passkey-enrollment' }) : undefined;
}
