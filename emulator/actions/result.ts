/**
 * @module emulator/actions/result
 * What one Action execution asks of the login flow. The runtime only records; the flow engine
 * applies (metadata at the end of the trigger, MFA commands in order, deny, redirect).
 */
import type { EnableMultifactorOptions, MultifactorProvider, TxMetadataValue } from './types.ts';

/**
 * At most four `enrollWith`/`enrollWithAny`/`challengeWith`/`challengeWithAny` commands per user
 * flow; a fifth is an authentication error
 * (https://auth0.com/docs/secure/multi-factor-authentication/customize-mfa/customize-mfa-enrollments-universal-login,
 * auth0-behaviour.md §1.3). The cap spans the whole flow, so the flow engine enforces it across
 * Actions; `executeAction` only fails a single Action that alone issues more than this.
 */
export const MFA_COMMAND_CAP = 4;

/** One `api.authentication.*With*` call, in call order. */
export interface MfaCommand {
  kind: 'enroll' | 'challenge';
  /** `enrollWithAny` / `challengeWithAny`: show the factor picker (unless only one factor is usable). */
  picker: boolean;
  /** First = the default factor (or the `*Any` list in order); the rest = `additionalFactors`. */
  factors: { type: string; options?: Record<string, unknown> }[];
}

/** `crashed`: the execution's thread died (out of memory) or could not start. */
export type ActionErrorKind =
  'compile' | 'threw' | 'timeout' | 'missing-handler' | 'command-limit' | 'crashed';

/** A custom claim Auth0 would leave out of the token ("the transaction won't fail"). */
export interface DroppedClaim {
  token: 'id' | 'access';
  key: string;
  reason: string;
}

export interface ActionResult {
  outcome: 'ok' | 'failed';
  error?: { kind: ActionErrorKind; message: string };
  /** `console.*` output, one entry per call, formatted like Node's `util.format`. */
  consoleLines: string[];
  /**
   * Pending `api.user.setAppMetadata` writes, last write per key wins, `null` = delete. Never
   * applied here: "Invoking this method won't update the metadata immediately" (auth0-behaviour.md §1.3).
   */
  appMetadata: Record<string, unknown>;
  /** Pending `api.user.setUserMetadata` writes, same rules as `appMetadata`. */
  userMetadata: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  /** Claims the Action set that Auth0 restricts; they are not in `*TokenClaims`. */
  droppedClaims: DroppedClaim[];
  /** `api.accessToken.addScope/removeScope`, in call order. */
  scopeChanges: { op: 'add' | 'remove'; scope: string }[];
  deny?: { reason: string };
  /** Last `api.multifactor.enable` call; evaluated by the flow engine at the end of the flow. */
  multifactor?: { provider: MultifactorProvider; options: EnableMultifactorOptions };
  mfaCommands: MfaCommand[];
  /** `api.redirect.sendUserTo`; the flow engine appends Auth0's `state`. */
  redirect?: { url: string; query: Record<string, string> };
  /** `api.authentication.recordMethod` URLs (only from `onContinuePostLogin`). */
  recordedMethods: string[];
  /** `event.transaction.metadata` after this Action: what the next Action reads. */
  transactionMetadata: Record<string, TxMetadataValue>;
}
