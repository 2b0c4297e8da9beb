/**
 * @module emulator/flow/transaction-state
 * The data of one login transaction (auth0-behaviour.md §1.4): the start-of-transaction user
 * snapshot, the post-login Actions' progress, the pending MFA prompt and the trail (screens,
 * Actions, decisions, logs) that the inspector and the harness's evidence read. Plain data, so a
 * reader gets a deep copy; only the flow engine writes it (`transaction.ts`).
 */
import type { AuthenticationMethod, EnrolledFactor, TxMetadataValue } from '../actions/types.ts';
import type { UserRecord } from '../tenant/store.ts';

/** A read-only view of a value, all the way down. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The MFA factors this emulator can prompt for (Universal Login screens exist for these). */
export type PromptFactor = 'otp' | 'webauthn-platform';

/** What `/u/mfa-detect-browser-capabilities` posted (auth0-behaviour.md §2.2). */
export interface BrowserCapabilities {
  jsAvailable: boolean;
  webauthnAvailable: boolean;
  webauthnPlatformAvailable: boolean;
  isBrave: boolean;
}

/** An MFA prompt the transaction is waiting on. */
export interface MfaPrompt {
  kind: 'enroll' | 'challenge';
  /** `action`: an Action's enrollWith/challengeWith command; `policy`: end-of-flow MFA evaluation. */
  source: 'action' | 'policy';
  /** Usable factors, primary first; the others are offered through "Try another method". */
  factors: PromptFactor[];
  /** enrollWithAny / challengeWithAny: show the picker unless only one factor is usable. */
  picker: boolean;
  /** The factor whose screen is shown; undefined while the picker is shown. */
  selected?: PromptFactor;
  /** Index in `flow.commands` for Action commands. */
  commandIndex?: number;
  /** Screens that logged their `gd_start_*` event already (logged once per prompt and factor). */
  started: PromptFactor[];
  /** OTP enrollment in progress: the secret shown on the QR / code screens. */
  otpSecret?: string;
  /** Which OTP enrollment view the user is on ("Trouble Scanning?" toggles it). */
  otpView?: 'qr' | 'code';
  /** Base64url WebAuthn challenge issued for the current screen; single use. */
  webauthnChallenge?: string;
  /**
   * The browser reported a failed WebAuthn ceremony (`action=showError::{…}`): the prompt is
   * shown on `mfa-webauthn-error` until the user picks "Try again" or another way on.
   */
  webauthnError?: boolean;
}

/** An MFA command an Action issued (post-login API object, auth0-behaviour.md §1.3). */
export interface QueuedCommand {
  kind: 'enroll' | 'challenge';
  picker: boolean;
  factors: { type: string; options?: Record<string, unknown> }[];
  /** Name of the Action that issued it. */
  action: string;
  status: 'queued' | 'prompted' | 'completed' | 'skipped' | 'ignored';
}

/** Where a read of the user came from (`user-reads.ts`). */
export type ReadFrom = 'snapshot' | 'fresh' | 'store';

/** One decision of the flow engine, kept as evidence (inspector, harness). */
export interface FlowDecision {
  at: string;
  step: string;
  /** Where the enrolled factors were read from. */
  readFrom: ReadFrom | 'transaction';
  enrolledFactors: string[];
  outcome: string;
  detail?: string;
}

export interface TrailEntry {
  at: string;
  kind: 'screen' | 'post' | 'action' | 'decision' | 'log' | 'flow';
  name: string;
  detail?: Record<string, unknown>;
}

export interface ActionRun {
  at: string;
  action: string;
  actionId: string;
  versionId: string;
  outcome: 'ok' | 'failed';
  /** `onContinuePostLogin` when the Action resumed at `/continue` after a redirect. */
  handler?: 'onExecutePostLogin' | 'onContinuePostLogin';
  /** The `event.user.enrolledFactors` and `event.authentication.methods` the Action saw. */
  saw: { enrolledFactors: string[]; methods: string[]; appMetadata: Record<string, unknown> };
  commands: number;
  error?: string;
  consoleLines: string[];
}

/** One post-login binding as it was when the first factor succeeded. */
export interface PlannedAction {
  bindingId: string;
  actionId: string;
  versionId: string;
  name: string;
}

export interface FlowState {
  phase: 'first-factor' | 'actions' | 'mfa-evaluation' | 'finishing' | 'done' | 'failed';
  /** The post-login bindings when the first factor succeeded, in execution order. */
  plan?: PlannedAction[];
  /** Index of the next bound Action to run. */
  actionIndex: number;
  /** Every MFA command issued so far, in order (the flow-wide cap counts these). */
  commands: QueuedCommand[];
  /** An enrollment or challenge completed since the last Action began (auth0-behaviour.md §1.4 item 2). */
  pausedSinceLastAction: boolean;
  /** The enrolledFactors / methods the next Action sees in snapshot mode. */
  view: { enrolledFactors: EnrolledFactor[]; methods: AuthenticationMethod[] };
  /** Batched metadata writes, persisted once at the end of the trigger (§1.3). */
  pendingAppMetadata: Record<string, unknown>;
  pendingUserMetadata: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  transactionMetadata: Record<string, TxMetadataValue>;
  /** `api.multifactor.enable` calls, last one wins. */
  multifactor?: { provider: string; options?: Record<string, unknown> };
  metadataPersisted: boolean;
  /**
   * `api.redirect.sendUserTo`: the flow is suspended until the browser comes back to
   * `/continue?state=` and resumes in the Action at `actionIndex` of `plan` (auth0-behaviour.md §1.3).
   */
  redirect?: { url: string; actionIndex: number };
  evaluated: boolean;
  /** Set once the login ended in an error sent to the application. */
  error?: { error: string; error_description: string };
}

export interface TransactionState {
  uid: string;
  createdAt: string;
  clientId: string;
  /** Authorization request parameters (redirect_uri, state, scope, prompt, screen_hint, …). */
  params: Record<string, unknown>;
  /** The identifier typed on `/u/login/identifier` (identifier-first). */
  identifier?: string;
  userId?: string;
  /** Deep clone of the user when the first factor succeeded (after logins_count += 1). */
  snapshot?: UserRecord;
  /** `event.authentication.methods` as they really are now. */
  methods: AuthenticationMethod[];
  capabilities?: BrowserCapabilities;
  /** The browser presented a valid `auth0-mf` cookie for this user at the first factor. */
  browserRemembered: boolean;
  /** Factors enrolled / challenged successfully in this transaction. */
  enrolledInTx: PromptFactor[];
  challengedInTx: PromptFactor[];
  /** Factors whose enrollment the user postponed here ("Remind me later" / "Not on this device"). */
  skippedInTx: PromptFactor[];
  prompt?: MfaPrompt;
  /**
   * A recovery code issued in this transaction (flow/recovery-code.ts), shown on
   * `mfa-recovery-code-enrollment` until the user confirms they saved it, then forgotten: the
   * user record keeps only its hash.
   */
  recoveryCodeToShow?: string;
  /**
   * The passkey enrollment offer after the first factor (flow/passkey-offer.ts): `pending`
   * while `/u/passkey-enrollment` waits, `declined` once the user chose "Continue without
   * passkeys", `not-offered` when the connection's settings did not ask for it.
   */
  passkeyOffer?: 'pending' | 'declined' | 'not-offered';
  flow: FlowState;
  decisions: FlowDecision[];
  actionRuns: ActionRun[];
  trail: TrailEntry[];
  /** Ids of tenant log events emitted for this transaction. */
  logIds: string[];
  /** `amr` sent to oidc-provider when the login finished. */
  amr?: string[];
  finishedAt?: string;
}
