/**
 * @module emulator/flow/transaction
 * One login transaction = one oidc-provider interaction (`uid`, the `state` on every `/u/` page).
 * Everyone reads it through a read-only view; it changes in two ways only:
 * - intent methods, for what the user did on a Universal Login screen (`setIdentifier`,
 *   `markCapabilities`, `selectFactor`, `completePrompt`, `skipPrompt`, `markDone`, …);
 * - the flow engine (`emulator/flow/`), which holds the writable state through `engineState`
 *   (`emulator/architecture.test.ts` checks nothing outside `emulator/flow/` imports it).
 * The trail (screens, posts, Actions, decisions, logs) is append-only: `trail`, `noteDecision`,
 * `noteLog`.
 */
import type { AuthenticationMethod } from '../actions/types.ts';
import type { UserRecord } from '../tenant/store.ts';
import type {
  ActionRun,
  BrowserCapabilities,
  DeepReadonly,
  FlowDecision,
  FlowState,
  MfaPrompt,
  PromptFactor,
  TrailEntry,
  TransactionState,
} from './transaction-state.ts';

/** The pending MFA prompt as screens see it. */
export type PromptView = DeepReadonly<MfaPrompt>;

let stateOf: (tx: LoginTransaction) => TransactionState;

/** A fresh flow state (no Action run yet). */
function newFlow(): FlowState {
  return {
    phase: 'first-factor',
    actionIndex: 0,
    commands: [],
    pausedSinceLastAction: false,
    view: { enrolledFactors: [], methods: [] },
    pendingAppMetadata: {},
    pendingUserMetadata: {},
    idTokenClaims: {},
    accessTokenClaims: {},
    transactionMetadata: {},
    metadataPersisted: false,
    evaluated: false,
  };
}

const nowIso = () => new Date().toISOString();

export class LoginTransaction {
  readonly #s: TransactionState;

  static {
    stateOf = (tx) => tx.#s;
  }

  private constructor(state: TransactionState) {
    this.#s = state;
  }

  /** A new transaction for an interaction, waiting for the first factor. */
  static open(uid: string, clientId: string, params: Record<string, unknown>): LoginTransaction {
    return new LoginTransaction({
      uid,
      createdAt: nowIso(),
      clientId,
      params,
      methods: [],
      browserRemembered: false,
      enrolledInTx: [],
      challengedInTx: [],
      skippedInTx: [],
      flow: newFlow(),
      decisions: [],
      actionRuns: [],
      trail: [],
      logIds: [],
    });
  }

  /** A deep copy (inspector, tests): later changes to this transaction do not reach it. */
  copy(): LoginTransaction {
    return new LoginTransaction(structuredClone(this.#s));
  }

  // The read-only view.
  get uid(): string {
    return this.#s.uid;
  }
  get createdAt(): string {
    return this.#s.createdAt;
  }
  get clientId(): string {
    return this.#s.clientId;
  }
  get params(): DeepReadonly<Record<string, unknown>> {
    return this.#s.params;
  }
  get identifier(): string | undefined {
    return this.#s.identifier;
  }
  get userId(): string | undefined {
    return this.#s.userId;
  }
  get snapshot(): DeepReadonly<UserRecord> | undefined {
    return this.#s.snapshot;
  }
  get methods(): DeepReadonly<AuthenticationMethod[]> {
    return this.#s.methods;
  }
  get capabilities(): Readonly<BrowserCapabilities> | undefined {
    return this.#s.capabilities;
  }
  get browserRemembered(): boolean {
    return this.#s.browserRemembered;
  }
  get enrolledInTx(): readonly PromptFactor[] {
    return this.#s.enrolledInTx;
  }
  get challengedInTx(): readonly PromptFactor[] {
    return this.#s.challengedInTx;
  }
  get skippedInTx(): readonly PromptFactor[] {
    return this.#s.skippedInTx;
  }
  get prompt(): PromptView | undefined {
    return this.#s.prompt;
  }
  /** The recovery code to show once (flow/recovery-code.ts); undefined when none is pending. */
  get recoveryCodeToShow(): string | undefined {
    return this.#s.recoveryCodeToShow;
  }
  /** Where the passkey enrollment offer stands (flow/passkey-offer.ts); undefined before it. */
  get passkeyOffer(): TransactionState['passkeyOffer'] {
    return this.#s.passkeyOffer;
  }
  get flow(): DeepReadonly<FlowState> {
    return this.#s.flow;
  }
  get decisions(): DeepReadonly<FlowDecision[]> {
    return this.#s.decisions;
  }
  get actionRuns(): DeepReadonly<ActionRun[]> {
    return this.#s.actionRuns;
  }
  get trail(): DeepReadonly<TrailEntry[]> {
    return this.#s.trail;
  }
  get logIds(): readonly string[] {
    return this.#s.logIds;
  }
  get amr(): readonly string[] | undefined {
    return this.#s.amr;
  }
  get finishedAt(): string | undefined {
    return this.#s.finishedAt;
  }
  /** The login screens still apply: the first factor has not succeeded yet. */
  get awaitingFirstFactor(): boolean {
    return this.#s.flow.phase === 'first-factor';
  }

  // Intents: what the user did on a Universal Login screen.

  /** The identifier typed on `/u/login/identifier` (identifier-first). */
  setIdentifier(identifier: string): void {
    this.#s.identifier = identifier;
  }

  /** What `/u/mfa-detect-browser-capabilities` posted; kept for the whole transaction (§2.2). */
  markCapabilities(capabilities: BrowserCapabilities): void {
    this.#s.capabilities = { ...capabilities };
    this.addToTrail('flow', 'browser-capabilities', { ...capabilities });
  }

  /** The browser presented a valid `auth0-mf` for this user ("Remember this device", §1.3). */
  markBrowserRemembered(): void {
    this.#s.browserRemembered = true;
  }

  /** The user picked a factor on the picker; false when the prompt does not offer it. */
  selectFactor(factor: string): boolean {
    const prompt = this.#s.prompt;
    const offered = prompt?.factors.find((f) => f === factor);
    if (!prompt || !offered) return false;
    prompt.selected = offered;
    return true;
  }

  /** "Try another method": back to the picker with every usable factor (§2.4). */
  offerFactorPicker(): void {
    const prompt = this.#s.prompt;
    if (!prompt) return;
    prompt.selected = undefined;
    prompt.picker = true;
    prompt.webauthnError = undefined;
  }

  /** The OTP enrollment view the user is on ("Trouble Scanning?" toggles it, §2.4). */
  setOtpView(view: 'qr' | 'code'): void {
    if (this.#s.prompt) this.#s.prompt.otpView = view;
  }

  /** The OTP secret of the pending enrollment, made by `create` the first time it is shown. */
  otpSecret(create: () => string): string {
    const prompt = this.#s.prompt;
    if (!prompt) return create();
    prompt.otpSecret ??= create();
    return prompt.otpSecret;
  }

  /** The WebAuthn challenge issued for the current screen (single use, replaces any older one). */
  issueWebAuthnChallenge(challenge: string): void {
    if (this.#s.prompt) this.#s.prompt.webauthnChallenge = challenge;
  }

  /** Takes the pending WebAuthn challenge: it is single use, whatever happens next. */
  takeWebAuthnChallenge(): string | undefined {
    const prompt = this.#s.prompt;
    const challenge = prompt?.webauthnChallenge;
    if (prompt) prompt.webauthnChallenge = undefined;
    return challenge;
  }

  /**
   * The browser reported a failed ceremony on the device-biometrics screen (`showError::`): the
   * prompt moves to the WebAuthn error screen (auth0-behaviour.md §2.4–2.5).
   */
  showWebAuthnError(): void {
    const prompt = this.#s.prompt;
    if (prompt?.selected === 'webauthn-platform') prompt.webauthnError = true;
  }

  /** "Try again" (or another way on) from the WebAuthn error screen. */
  clearWebAuthnError(): void {
    if (this.#s.prompt) this.#s.prompt.webauthnError = undefined;
  }

  /** True the first time a factor's screen starts for this prompt (`gd_start_*` once, §3.3). */
  markFactorStarted(factor: PromptFactor): boolean {
    const prompt = this.#s.prompt;
    if (!prompt || prompt.started.includes(factor)) return false;
    prompt.started.push(factor);
    return true;
  }

  /**
   * A prompt was fulfilled: the factor joins the transaction's methods (`{name:'mfa', type}`,
   * §1.2) and the next Action refreshes enrolledFactors/methods ("The flow pauses after Action 1
   * executes … updated when Action 2 runs", §1.4 item 2).
   */
  completePrompt(
    factor: PromptFactor,
    how: 'enrolled' | 'challenged',
    at: string = nowIso(),
  ): void {
    const s = this.#s;
    const prompt = s.prompt;
    const list = how === 'enrolled' ? s.enrolledInTx : s.challengedInTx;
    if (!list.includes(factor)) list.push(factor);
    s.methods.push({ name: 'mfa', type: factor, timestamp: at });
    s.flow.pausedSinceLastAction = true;
    if (prompt?.commandIndex !== undefined) {
      const cmd = s.flow.commands[prompt.commandIndex];
      if (cmd) cmd.status = 'completed';
    }
    s.prompt = undefined;
    this.addToTrail('flow', `${how} ${factor}`, { source: prompt?.source });
  }

  /** The user postponed an enrollment ("Remind me later" / "Not on this device"). */
  skipPrompt(factor: PromptFactor): void {
    const s = this.#s;
    const prompt = s.prompt;
    if (!s.skippedInTx.includes(factor)) s.skippedInTx.push(factor);
    if (prompt?.commandIndex !== undefined) {
      const cmd = s.flow.commands[prompt.commandIndex];
      if (cmd) cmd.status = 'skipped';
    }
    s.prompt = undefined;
  }

  /**
   * "I have safely recorded this number" + Continue on the recovery-code screen: the code is
   * forgotten (only its hash stays on the user). False when no code was waiting.
   */
  confirmRecoveryCodeSaved(): boolean {
    if (this.#s.recoveryCodeToShow === undefined) return false;
    this.#s.recoveryCodeToShow = undefined;
    this.addToTrail('flow', 'recovery code saved');
    return true;
  }

  /**
   * "Continue without passkeys" on the passkey offer: the flow goes on, and the offer is not
   * made again in this transaction. False when no offer was waiting.
   */
  declinePasskeyOffer(): boolean {
    if (this.#s.passkeyOffer !== 'pending') return false;
    this.#s.passkeyOffer = 'declined';
    this.addToTrail('flow', 'passkey enrollment declined');
    return true;
  }

  /** The authorization resumed with the engine's answer: the application has its code. */
  markDone(at: string = nowIso()): void {
    this.#s.flow.phase = 'done';
    this.#s.finishedAt = at;
  }

  // The trail: append-only evidence.

  /** Appends to the trail. */
  addToTrail(kind: TrailEntry['kind'], name: string, detail?: Record<string, unknown>): void {
    this.#s.trail.push({ at: nowIso(), kind, name, ...(detail ? { detail } : {}) });
  }

  /** Notes a decision of the flow engine (also on the trail). */
  noteDecision(d: Omit<FlowDecision, 'at'>): FlowDecision {
    const decision: FlowDecision = { at: nowIso(), ...d };
    this.#s.decisions.push(decision);
    this.addToTrail('decision', d.step, { ...d });
    return decision;
  }

  /** Notes a tenant log event emitted for this transaction (also on the trail). */
  noteLog(event: { log_id: string; type: string; description?: string }): void {
    this.#s.logIds.push(event.log_id);
    this.addToTrail('log', event.type, { log_id: event.log_id, description: event.description });
  }
}

/**
 * The writable state, for the flow engine only (`emulator/flow/**`; `architecture.test.ts`
 * fails if anything else imports it). Everyone else uses the view and the intent methods.
 */
export function engineState(tx: LoginTransaction): TransactionState {
  return stateOf(tx);
}
