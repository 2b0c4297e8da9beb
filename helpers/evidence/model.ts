/**
 * @module helpers/evidence/model
 * The evidence of one login transaction, as the harness records it (fixtures/evidence.ts), and
 * the record every reader of a login's outcome reads: the timeline, the evidence tables, the
 * failure category and the assertion all read ONE `LoginRecord`, whose `Decision` is computed
 * once, when the login's evidence is complete (helpers/evidence/verdict.ts).
 */
import type { FailureCategoryId } from '../report/categories.ts';

/** Universal Login path of the device-biometrics challenge (auth0-behaviour.md §2.3). */
export const BIOMETRIC_CHALLENGE_PATH = '/u/mfa-webauthn-platform-challenge';
export const BIOMETRIC_ENROLLMENT_PATH = '/u/mfa-webauthn-platform-enrollment';

export type Verdict = 'challenged' | 'not-challenged' | 'inconsistent';
/** A verdict a spec can expect (never `inconsistent`). */
export type ExpectedVerdict = Exclude<Verdict, 'inconsistent'>;

/**
 * Where a login's expectation comes from, which decides the failure category when it is broken:
 * - `documented`: Auth0's documentation (the support article of auth0-behaviour.md §1.4);
 * - `workaround`: the documented workaround (auth0-behaviour.md §1.4 item 2), not yet verified
 *   on a live tenant (e2e/biometric-workaround.spec.ts).
 */
export type ExpectationBasis = 'documented' | 'workaround';

/** What a spec states for one login, once (`journey.login(n, kind, { expect })`). */
export interface Expectation {
  verdict: ExpectedVerdict;
  basis: ExpectationBasis;
}

/** One `navigator.credentials.create/get` call reported by the page's init script. */
export interface WebAuthnCall {
  kind: 'create' | 'get';
  outcome: 'pending' | 'resolved' | 'rejected';
  /** Unix ms when the call was made. */
  at: number;
  /** Path of the page that made the call. */
  path: string;
  /** DOMException name when rejected. */
  error?: string;
  /** `mediation` option; `conditional` (passkey autofill) is not a prompt. */
  mediation?: string;
}

/** A CDP `WebAuthn.credentialAdded` / `credentialAsserted` event. */
export interface AuthenticatorEvent {
  kind: 'added' | 'asserted';
  at: number;
  credentialId: string;
  signCount: number;
}

/** A credential as `WebAuthn.getCredentials` reports it, without its private key. */
export interface CredentialSnapshot {
  credentialId: string;
  rpId: string;
  signCount: number;
}

/** The fields of a tenant log event the decision and the report use (`GET /api/v2/logs`). */
export interface TenantLogEvent {
  log_id?: string;
  date: string;
  type: string;
  description?: string;
  /** `details.authenticator.type` of `gd_*` events (auth0-behaviour.md §3.3). */
  authenticatorType?: string;
  /** A one-line digest of the event's `details` the timeline shows (helpers/evidence/tenant-logs.ts). */
  summary?: string;
}

/**
 * What the Management API said about the user just before a login started: the values a
 * post-login Action and the MFA evaluation read from the start-of-transaction snapshot. It
 * corroborates the verdict's story on the timeline; it is not a signal and the verdict never
 * reads it (the verdict is about the challenge, not the enrollment).
 */
export interface UserBefore {
  /** Unix ms of the reads. */
  at: number;
  /** `false`: no user with the test user's email yet (the login signs up). */
  exists: boolean;
  userId?: string;
  /** `app_metadata.biometrics` (`undefined`: not set). */
  biometrics?: unknown;
  loginsCount?: number;
  /** `type` of every authentication method (`GET /api/v2/users/{id}/authentication-methods`). */
  factors?: string[];
  /** Why the reads failed, if they did. */
  error?: string;
}

/** The post-login Actions bound when the login started, in execution order. */
export interface BoundActions {
  at: number;
  names: string[];
  error?: string;
}

/** Whether the tenant's log events of a login are all there (helpers/evidence/tenant-logs.ts). */
export type LogStatus = 'complete' | 'incomplete' | 'unavailable';

export interface LoginEvidence {
  /** "login 1", "login 2", … */
  label: string;
  startedAt: number;
  endedAt: number;
  /** Universal Login paths the page navigated to, in order (`/u/…`). */
  screens: { path: string; at: number }[];
  webauthnCalls: WebAuthnCall[];
  authenticatorEvents: AuthenticatorEvent[];
  credentialsBefore: CredentialSnapshot[];
  credentialsAfter: CredentialSnapshot[];
  /** The ID token's `amr` claim as rendered by the test app; `null` when absent. */
  amr: string[] | null;
  userBefore?: UserBefore;
  actionsBound?: BoundActions;
  /**
   * The Actions this run deployed, which must be the last post-login bindings, in this order,
   * when the login starts (otherwise the login proves nothing about them: tenant not ready).
   */
  actionsUnderTest?: string[];
  logs: {
    /** `complete`: the transaction's closing Success Login (`s`) arrived. */
    status: LogStatus;
    events: TenantLogEvent[];
    note?: string;
  };
}

/**
 * A signal the browser or the ID token gives:
 * - `biometric`: says directly whether a device-biometrics challenge happened; all must agree;
 * - `mfa`: must hold when challenged (Auth0 puts `amr: ["mfa"]` in the ID token after an MFA
 *   challenge, live-fidelity L5), says nothing when not (login 1 may complete OTP enrollment);
 * - `info`: shown for the reader, not used by the decision.
 */
export type SignalKind = 'biometric' | 'mfa' | 'info';

export interface Signal {
  name: string;
  kind: SignalKind;
  /** `null`: not observable in this run (e.g. no credential on the authenticator yet). */
  value: boolean | null;
  detail: string;
}

/**
 * A tenant log signal. Logs corroborate, never decide alone: which `gd_*` events a Universal
 * Login device-biometrics challenge writes is not publicly documented (live-fidelity L2, R6).
 * - `present`: the event is there;
 * - `absent`: it did not arrive, or the tenant does not emit it — the verdict is unchanged;
 * - `contradicts`: it says the opposite of the browser's signals — the verdict is `inconsistent`.
 */
export type LogSignalState = 'present' | 'absent' | 'contradicts';

export interface LogSignal {
  name: string;
  state: LogSignalState;
  detail: string;
}

/**
 * A login whose verdict breaks its expectation, or whose preconditions did not hold
 * (helpers/evidence/mismatch.ts). Typed by its category, never recognised by its prose.
 */
export interface VerdictMismatch {
  category: FailureCategoryId;
  /** Starts with the category's token (helpers/report/categories.ts). */
  message: string;
}

/** The verdict of one login and everything that led to it, computed once. */
export interface Decision {
  verdict: Verdict;
  /** The browser's and the ID token's signals, in the order the evidence table shows them. */
  signals: Signal[];
  /** The tenant log signals: shown apart, only a contradiction changes the verdict. */
  logSignals: LogSignal[];
  /** One line per signal that decided, for failure messages. */
  because: string;
  /** Set when the verdict breaks the expectation, or the login's preconditions did not hold. */
  mismatch?: VerdictMismatch;
}

/** One login, stored once its evidence is complete: what was expected, seen and decided. */
export interface LoginRecord {
  readonly label: string;
  readonly evidence: LoginEvidence;
  readonly expectation?: Expectation;
  readonly decision: Decision;
}
