/**
 * @module emulator/login/transactions
 * Login transactions. One transaction = one oidc-provider interaction (`uid`, the `state` on
 * every `/u/` page). It holds the start-of-transaction user snapshot (auth0-behaviour.md §1.4),
 * the post-login Actions' progress, the MFA prompts and the full trail (screens, Actions,
 * decisions, logs) that the inspector and the harness's evidence read. In memory only.
 */
import type { AuthenticationMethod, EnrolledFactor, TxMetadataValue } from '../actions/types.ts';
import type { Tenant, UserRecord } from '../tenant/store.ts';

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

/** One decision of the flow engine, kept as evidence (inspector, harness). */
export interface FlowDecision {
  at: string;
  step: string;
  /** Where the enrolled factors were read from. */
  readFrom: 'snapshot' | 'fresh' | 'store' | 'transaction';
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

export interface FlowState {
  phase: 'first-factor' | 'actions' | 'mfa-evaluation' | 'finishing' | 'done' | 'failed';
  /** The post-login bindings when the first factor succeeded, in execution order. */
  plan?: { bindingId: string; actionId: string; versionId: string; name: string }[];
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

export interface LoginTransaction {
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
  /** Factors enrolled / challenged successfully in this transaction. */
  enrolledInTx: PromptFactor[];
  challengedInTx: PromptFactor[];
  /** Factors whose enrollment the user postponed here ("Remind me later" / "Not on this device"). */
  skippedInTx: PromptFactor[];
  prompt?: MfaPrompt;
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

/** Transactions kept per tenant for the inspector; the oldest go first beyond this. */
const MAX_TRANSACTIONS = 1_000;
const stores = new WeakMap<Tenant, Map<string, LoginTransaction>>();

function storeOf(tenant: Tenant): Map<string, LoginTransaction> {
  let map = stores.get(tenant);
  if (!map) stores.set(tenant, (map = new Map<string, LoginTransaction>()));
  return map;
}

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

/** The transaction of an interaction, created on first sight. */
export function transactionFor(
  tenant: Tenant,
  uid: string,
  clientId: string,
  params: Record<string, unknown>,
): LoginTransaction {
  const transactions = storeOf(tenant);
  const existing = transactions.get(uid);
  if (existing) return existing;
  const tx: LoginTransaction = {
    uid,
    createdAt: new Date().toISOString(),
    clientId,
    params,
    methods: [],
    enrolledInTx: [],
    challengedInTx: [],
    skippedInTx: [],
    flow: newFlow(),
    decisions: [],
    actionRuns: [],
    trail: [],
    logIds: [],
  };
  transactions.set(uid, tx);
  if (transactions.size > MAX_TRANSACTIONS) {
    const oldest = transactions.keys().next().value;
    if (oldest !== undefined) transactions.delete(oldest);
  }
  return tx;
}

/** Appends to the trail. */
export function record(
  tx: LoginTransaction,
  kind: TrailEntry['kind'],
  name: string,
  detail?: Record<string, unknown>,
): void {
  tx.trail.push({ at: new Date().toISOString(), kind, name, ...(detail ? { detail } : {}) });
}

/** Records a flow decision (also on the trail). */
export function decide(tx: LoginTransaction, d: Omit<FlowDecision, 'at'>): FlowDecision {
  const decision: FlowDecision = { at: new Date().toISOString(), ...d };
  tx.decisions.push(decision);
  record(tx, 'decision', d.step, { ...d });
  return decision;
}

/** One transaction of a tenant (a deep copy), or undefined. For the inspector and tests. */
export function readTransaction(tenant: Tenant, uid: string): LoginTransaction | undefined {
  const tx = storeOf(tenant).get(uid);
  return tx ? structuredClone(tx) : undefined;
}

/** A tenant's transactions (deep copies), oldest first; optionally those of one user. */
export function readTransactions(
  tenant: Tenant,
  filter: { userId?: string } = {},
): LoginTransaction[] {
  const out: LoginTransaction[] = [];
  for (const tx of storeOf(tenant).values()) {
    if (filter.userId === undefined || tx.userId === filter.userId) out.push(structuredClone(tx));
  }
  return out;
}

/** Live access for the flow engine and screen handlers (not a copy). */
export function getTransaction(tenant: Tenant, uid: string): LoginTransaction | undefined {
  return storeOf(tenant).get(uid);
}

/** Drops a tenant's transactions (control surface reset, tests). */
export function clearTransactions(tenant: Tenant): void {
  storeOf(tenant).clear();
}
