/**
 * @module emulator/login/flow
 * The login flow engine: what happens between a successful first factor and the redirect to
 * the application. It implements, in order:
 *   1. the start-of-transaction snapshot of the user (auth0-behaviour.md §1.4 item 1);
 *   2. the bound post-login Actions, each seeing the snapshot, with MFA commands executed as
 *      pauses between Actions and metadata writes batched to the end of the trigger (§1.3, §1.4);
 *   3. the end-of-flow MFA evaluation, which reads the start-of-transaction snapshot (§1.4);
 *   4. the finish (amr, `s` log, custom claims).
 * `advance()` is re-entrant: every Universal Login POST that completes a step calls it again
 * and follows the step it returns (a screen, the finish, or an error for the application).
 * `config.userReads = 'fresh'` is the documented switch for the hypothetical platform where
 * every read is fresh (design.md), so the harness can prove it would notice a change.
 */
import {
  buildPostLoginEvent,
  enrolledFactorsOf,
  multifactorOf,
  userViewFromRecord,
} from '../actions/event.ts';
import type { ActionResult } from '../actions/result.ts';
import { ActionCache, MFA_COMMAND_CAP, type ExecuteActionInput } from '../actions/runtime.ts';
import type { AuthenticationMethod, EnrolledFactor } from '../actions/types.ts';
import type { FactorName, Tenant, UserRecord } from '../tenant/store.ts';
import { mergeMetadata } from '../tenant/users.ts';
import { browserRemembered } from './device.ts';
import { emitLog, type RequestInfo } from './log.ts';
import {
  decide,
  record,
  type LoginTransaction,
  type MfaPrompt,
  type PromptFactor,
  type QueuedCommand,
} from './transactions.ts';

/** Everything a flow step needs; built per HTTP request by the routes (or by unit tests). */
export interface FlowEnv {
  tenant: Tenant;
  /** `snapshot` (Auth0's documented behaviour) or `fresh` (hypothetical fixed platform). */
  userReads: 'snapshot' | 'fresh';
  request: RequestInfo;
  /** Runs one Action; `executeAction` in production, a fake in unit tests. */
  runAction: (input: ExecuteActionInput) => Promise<ActionResult>;
  now?: () => Date;
}

/** What the routes do next. */
export type FlowStep =
  | { kind: 'screen'; path: string }
  | {
      kind: 'finish';
      accountId: string;
      amr: string[];
      idTokenClaims: Record<string, unknown>;
      accessTokenClaims: Record<string, unknown>;
    }
  | { kind: 'error'; error: 'access_denied'; error_description: string }
  /** `api.redirect.sendUserTo`: the browser leaves for `url` (`?state=…` added) until `/continue`. */
  | { kind: 'redirect'; url: string };

/** Factors this emulator has Universal Login screens for. */
const PROMPTABLE: readonly string[] = ['otp', 'webauthn-platform'] satisfies PromptFactor[];

/** The Guardian factor behind an Actions factor type (same names for the two emulated ones). */
const FACTOR_OF: Record<string, FactorName | undefined> = {
  otp: 'otp',
  'webauthn-platform': 'webauthn-platform',
  'webauthn-roaming': 'webauthn-roaming',
  'recovery-code': 'recovery-code',
  email: 'email',
  phone: 'sms',
  push: 'push-notification',
  'push-notification': 'push-notification',
};

/** Warning text Auth0 logs (`w`) for an unusable enrollWith factor (customize-mfa-enrollments-universal-login). */
const notSetUp = (type: string) =>
  `An MFA enrollment is used in a PostLogin action, but the requested factor \`${type}\` is not properly set up…`;
/** `mfar` text for enrollment without a prior challenge (same page, auth0-behaviour.md §2.1). */
export const ENROLL_BEFORE_CHALLENGE =
  'An MFA enrollment was requested but the user is already enrolled in MFA. Challenge with at least one existing factor before enrolling a new one.';

const caches = new WeakMap<Tenant, Map<string, ActionCache>>();
function cacheFor(tenant: Tenant, actionId: string): ActionCache {
  let m = caches.get(tenant);
  if (!m) caches.set(tenant, (m = new Map<string, ActionCache>()));
  let c = m.get(actionId);
  if (!c) m.set(actionId, (c = new ActionCache()));
  return c;
}

const nowIso = (env: FlowEnv) => (env.now ? env.now() : new Date()).toISOString();
const typesOf = (f: readonly EnrolledFactor[]) => [...new Set(f.map((x) => x.type))];
const methodNames = (m: readonly AuthenticationMethod[]) =>
  m.map((x) => ('type' in x ? `${x.name}:${x.type}` : x.name));

/** Confirmed factor types of a user (store or snapshot). */
export function confirmedFactorTypes(user: UserRecord): string[] {
  return typesOf(enrolledFactorsOf(user.authenticators));
}

function storeUser(env: FlowEnv, tx: LoginTransaction): UserRecord | undefined {
  return tx.userId ? env.tenant.users.get(tx.userId) : undefined;
}

/**
 * Step 1: the first factor succeeded (login or sign-up).
 * - `logins_count` += 1, `last_login`, `last_ip` (the logs schema: "Logins done with a valid
 *   username and password always increment this count, even if further steps … fail"). Whether
 *   `event.stats.logins_count` is 0 or 1 on the sign-up login is unconfirmed (§1.2): the
 *   incremented value is used.
 * - Then the snapshot: "When a login transaction begins, Auth0 Actions creates a static
 *   'snapshot' of the user's profile" (§1.4 item 1) — a deep clone, factors included.
 */
export function onFirstFactor(env: FlowEnv, tx: LoginTransaction, user: UserRecord): void {
  const at = nowIso(env);
  user.logins_count += 1;
  user.last_login = at;
  user.last_ip = env.request.ip;
  tx.userId = user.user_id;
  tx.snapshot = structuredClone(user);
  tx.methods = [{ name: 'pwd', timestamp: at }];
  tx.flow.view = {
    enrolledFactors: enrolledFactorsOf(tx.snapshot.authenticators),
    methods: structuredClone(tx.methods),
  };
  tx.flow.plan = env.tenant.boundPostLoginActions().map(({ binding, action, version }) => ({
    bindingId: binding.id,
    actionId: action.id,
    versionId: version.id,
    name: action.name,
  }));
  tx.flow.phase = 'actions';
  decide(tx, {
    step: 'snapshot',
    readFrom: 'snapshot',
    enrolledFactors: confirmedFactorTypes(tx.snapshot),
    outcome: 'taken',
    detail: `logins_count=${tx.snapshot.logins_count}; ${tx.flow.plan.length} bound post-login Action(s)`,
  });
}

/** Ends the login with an error for the application (`redirect_uri?error=…`). */
function fail(tx: LoginTransaction, description: string): FlowStep {
  tx.flow.phase = 'failed';
  tx.flow.error = { error: 'access_denied', error_description: description };
  tx.prompt = undefined;
  record(tx, 'flow', 'failed', { error_description: description });
  return { kind: 'error', error: 'access_denied', error_description: description };
}

/** The Universal Login screen for the pending prompt (picker or factor screen). */
export function screenForPrompt(prompt: MfaPrompt): string {
  if (!prompt.selected) {
    return prompt.kind === 'challenge' ? '/u/mfa-login-options' : '/u/mfa-begin-enroll-options';
  }
  if (prompt.kind === 'enroll') {
    if (prompt.selected === 'otp') {
      return prompt.otpView === 'code' ? '/u/mfa-otp-enrollment-code' : '/u/mfa-otp-enrollment-qr';
    }
    return '/u/mfa-webauthn-platform-enrollment';
  }
  return prompt.selected === 'otp' ? '/u/mfa-otp-challenge' : '/u/mfa-webauthn-platform-challenge';
}

/** Capability detection is "shown once per transaction before the first MFA prompt" (§2.2). */
const DETECT = '/u/mfa-detect-browser-capabilities';

/**
 * Runs the flow as far as it goes without the user: returns the next screen, the finish or an
 * error. Idempotent while waiting on a screen.
 */
export async function advance(env: FlowEnv, tx: LoginTransaction): Promise<FlowStep> {
  for (let guard = 0; guard < 64; guard++) {
    const flow = tx.flow;
    if (flow.phase === 'failed' && flow.error)
      return { kind: 'error', ...flow.error, error: 'access_denied' };
    if (flow.phase === 'first-factor') return { kind: 'screen', path: '/u/login' };
    // Suspended by api.redirect.sendUserTo until /continue (idempotent: the same URL again).
    if (flow.redirect) return { kind: 'redirect', url: flow.redirect.url };
    if (tx.prompt) return { kind: 'screen', path: screenForPrompt(tx.prompt) };

    // MFA commands run in order after the Action that issued them, before the next Action
    // ("Subsequent Actions do not run until enrollment is fulfilled", §1.3).
    const next = flow.commands.find((c) => c.status === 'queued');
    if (next) {
      if (!tx.capabilities) return { kind: 'screen', path: DETECT };
      const failed = startCommand(env, tx, next);
      if (failed) return failed;
      continue;
    }

    if (flow.phase === 'actions' && flow.actionIndex < (flow.plan?.length ?? 0)) {
      const failed = await runNextAction(env, tx);
      if (failed) return failed;
      continue;
    }

    if (!flow.metadataPersisted) persistMetadata(env, tx);
    if (flow.phase === 'actions') flow.phase = 'mfa-evaluation';

    if (!flow.evaluated) {
      const step = evaluateMfa(env, tx);
      if (step) return step;
      continue;
    }
    return finish(env, tx);
  }
  return fail(tx, 'The login flow did not converge.');
}

/**
 * Runs the next bound Action (step 2).
 * `event.user` profile fields come from the SNAPSHOT (or the store in fresh mode). In snapshot
 * mode `enrolledFactors` and `methods` are the start-of-transaction values, refreshed only at the
 * start of an Action that follows an enrollment or challenge pause: "`methods` and
 * `enrolledFactors` are only updated when an Action first begins" / "will be updated when
 * Action 2 runs" (§1.4 item 2).
 */
async function runNextAction(
  env: FlowEnv,
  tx: LoginTransaction,
  resume?: { actionIndex: number },
): Promise<FlowStep | undefined> {
  const flow = tx.flow;
  // `resume`: the same Action again, in `onContinuePostLogin` (redirect-with-actions, §1.3).
  const index = resume ? resume.actionIndex : flow.actionIndex;
  const handler = resume ? 'onContinuePostLogin' : 'onExecutePostLogin';
  const planned = flow.plan?.[index];
  if (!resume) flow.actionIndex += 1;
  if (!planned || !tx.snapshot) return undefined;
  const action = env.tenant.actions.get(planned.actionId);
  const version = action?.versions.find((v) => v.id === planned.versionId);
  if (!action || !version) {
    record(tx, 'action', planned.name, {
      skipped: 'Action or version deleted during the transaction',
    });
    return undefined;
  }
  const live = storeUser(env, tx);
  const fresh = env.userReads === 'fresh';
  const profile = fresh && live ? live : tx.snapshot;
  if (fresh && live) {
    flow.view = {
      enrolledFactors: enrolledFactorsOf(live.authenticators),
      methods: structuredClone(tx.methods),
    };
  } else if (flow.pausedSinceLastAction) {
    flow.view = {
      enrolledFactors: enrolledFactorsOf((live ?? tx.snapshot).authenticators),
      methods: structuredClone(tx.methods),
    };
  }
  flow.pausedSinceLastAction = false;

  const client = env.tenant.clients.get(tx.clientId);
  const p = tx.params;
  const str = (k: string) => {
    const v = p[k];
    return typeof v === 'string' ? v : undefined;
  };
  const list = (k: string) => str(k)?.split(' ').filter(Boolean);
  const responseMode = str('response_mode');
  // `event.user.multifactor` follows the same view as enrolledFactors (see multifactorOf).
  const multifactor =
    flow.view.enrolledFactors.length > 0
      ? (multifactorOf(profile.authenticators) ?? ['guardian'])
      : undefined;
  const event = buildPostLoginEvent({
    user: userViewFromRecord(profile),
    enrolledFactors: flow.view.enrolledFactors,
    ...(multifactor ? { multifactor } : {}),
    methods: flow.view.methods,
    client: { client_id: tx.clientId, name: client?.name ?? '', metadata: {} },
    connection: {
      id: env.tenant.connection.id,
      name: env.tenant.connection.name,
      strategy: env.tenant.connection.strategy,
      metadata: {},
    },
    transaction: {
      id: tx.uid,
      protocol: 'oidc-basic-profile',
      locale: 'en',
      ...(str('redirect_uri') ? { redirect_uri: str('redirect_uri') } : {}),
      ...(str('state') ? { state: str('state') } : {}),
      ...(str('login_hint') ? { login_hint: str('login_hint') } : {}),
      ...(list('scope') ? { requested_scopes: list('scope') } : {}),
      ...(list('prompt') ? { prompt: list('prompt') } : {}),
      ...(list('ui_locales') ? { ui_locales: list('ui_locales') } : {}),
      ...(list('acr_values') ? { acr_values: list('acr_values') } : {}),
      ...(list('response_type')
        ? { response_type: list('response_type') as ('code' | 'token' | 'id_token')[] }
        : {}),
      ...(responseMode === 'query' || responseMode === 'fragment' || responseMode === 'form_post'
        ? { response_mode: responseMode }
        : {}),
    },
    // "event.transaction.metadata … shared across Actions in one transaction" (§1.2).
    transactionMetadata: flow.transactionMetadata,
    // "A new event.request object is issued anytime an Action trigger is suspended and then resumed" (§1.1).
    request: {
      ip: env.request.ip,
      method: env.request.method,
      query: env.request.query,
      body: env.request.body,
      geoip: {},
      hostname: env.request.hostname,
      ...(env.request.userAgent ? { user_agent: env.request.userAgent } : {}),
      language: 'en',
    },
    stats: { logins_count: tx.snapshot.logins_count },
    tenantId: env.tenant.config.tenantName,
  });
  const secrets = Object.fromEntries(version.secrets.map((s) => [s.name, s.value]));
  const result = await env.runAction({
    code: version.code,
    handler,
    event,
    secrets,
    cache: cacheFor(env.tenant, action.id),
    ...(env.now ? { now: env.now } : {}),
  });

  tx.actionRuns.push({
    at: nowIso(env),
    action: action.name,
    actionId: action.id,
    versionId: version.id,
    outcome: result.outcome,
    ...(resume ? { handler } : {}),
    saw: {
      enrolledFactors: typesOf(event.user.enrolledFactors ?? []),
      methods: methodNames(event.authentication.methods),
      appMetadata: structuredClone(event.user.app_metadata),
    },
    commands: result.mfaCommands.length,
    ...(result.error ? { error: `${result.error.kind}: ${result.error.message}` } : {}),
    consoleLines: result.consoleLines,
  });
  record(tx, 'action', action.name, {
    outcome: result.outcome,
    ...(resume ? { handler } : {}),
    readFrom: fresh ? 'fresh' : 'snapshot',
    enrolledFactors: typesOf(event.user.enrolledFactors ?? []),
    methods: methodNames(event.authentication.methods),
    // Auth0 shows console output in the Actions logs (real-time logs), not in tenant logs.
    ...(result.consoleLines.length ? { console: result.consoleLines } : {}),
  });

  if (result.outcome === 'failed') {
    // Actions that throw, time out or fail to compile log `actions_execution_failed`
    // (log-event-type-codes) and the login does not complete. Pending metadata of a failed
    // trigger is not persisted: the trigger never reaches its end (plausible, unconfirmed).
    emitLog(env, tx, 'actions_execution_failed', {
      description: result.error?.message ?? 'Action execution failed',
      details: {
        trigger_id: 'post-login',
        execution_id: `${tx.uid}:${index + 1}${resume ? ':continue' : ''}`,
        action_id: action.id,
        action_name: action.name,
        version_id: version.id,
        binding_id: planned.bindingId,
        error_class: result.error?.kind === 'timeout' ? 'action_timeout' : 'action_error',
      },
    });
    return fail(tx, result.error?.message ?? 'Action execution failed');
  }

  // Batched: "the engine will aggregate the changes and update the metadata at once before
  // the flow is completed" (§1.3). Last write per key wins; null deletes at persist time.
  Object.assign(flow.pendingAppMetadata, result.appMetadata);
  Object.assign(flow.pendingUserMetadata, result.userMetadata);
  Object.assign(flow.idTokenClaims, result.idTokenClaims);
  Object.assign(flow.accessTokenClaims, result.accessTokenClaims);
  flow.transactionMetadata = { ...result.transactionMetadata };
  // `api.authentication.recordMethod(url)` (onContinuePostLogin only): a custom method in
  // `event.authentication.methods`, seen by the Actions that begin after it (§1.3, §1.4 item 2).
  for (const name of result.recordedMethods) tx.methods.push({ name, timestamp: nowIso(env) });
  if (result.multifactor) {
    flow.multifactor = {
      provider: result.multifactor.provider,
      options: { ...result.multifactor.options },
    };
  }

  if (result.deny) {
    // `api.access.deny`: "does NOT cancel other side effects such as metadata changes. The
    // flow stops after this Action" — persist, then `reason` is the error_description (§1.3).
    persistMetadata(env, tx);
    emitLog(env, tx, 'f', { description: result.deny.reason });
    return fail(tx, result.deny.reason);
  }

  if (result.redirect) {
    // "The Action finishes, then the pipeline suspends and Auth0 redirects to url?state=…";
    // "any pending user or app metadata updates will be applied to the user profile before the
    // user is redirected" (§1.3). The snapshot is untouched (§1.4).
    persistPendingMetadata(env, tx, 'before-redirect');
    const target = new URL(result.redirect.url);
    target.searchParams.set('state', tx.uid);
    for (const [k, v] of Object.entries(result.redirect.query)) {
      if (k !== 'state') target.searchParams.append(k, v);
    }
    flow.redirect = { url: target.href, actionIndex: index };
    record(tx, 'flow', 'redirect-suspended', {
      action: action.name,
      to: `${target.origin}${target.pathname}`,
    });
  }

  if (result.mfaCommands.length > 0) {
    if (!env.tenant.settings.customize_mfa_in_postlogin_action) {
      // "Your customized flows will not work properly if this setting is not enabled" (§1.3):
      // the commands are ignored with a warning (plausible, unconfirmed).
      emitLog(env, tx, 'w', {
        description:
          'MFA commands were used in a PostLogin action, but "Customize MFA Factors using Actions" (customize_mfa_in_postlogin_action) is disabled; they were ignored.',
      });
      for (const c of result.mfaCommands)
        flow.commands.push({ ...c, action: action.name, status: 'ignored' });
    } else {
      for (const c of result.mfaCommands)
        flow.commands.push({ ...c, action: action.name, status: 'queued' });
      // "at most four enrollWith/enrollWithAny/challengeWith/challengeWithAny commands per user
      // flow. A fifth causes an authentication error" (§1.3).
      if (flow.commands.filter((c) => c.status !== 'ignored').length > MFA_COMMAND_CAP) {
        return fail(tx, `Too many MFA commands in the login flow (at most ${MFA_COMMAND_CAP}).`);
      }
    }
  }
  return undefined;
}

/**
 * Executes one MFA command (§1.3 ignore rules), turning it into a prompt or failing the login
 * when no factor is usable. Returns a FlowStep only on failure.
 */
function startCommand(
  env: FlowEnv,
  tx: LoginTransaction,
  cmd: QueuedCommand,
): FlowStep | undefined {
  const index = tx.flow.commands.indexOf(cmd);
  const live = storeUser(env, tx);
  if (!live) return fail(tx, 'The user no longer exists.');
  const have = confirmedFactorTypes(live);
  const usable: PromptFactor[] = [];
  const ignored: string[] = [];
  for (const { type } of cmd.factors) {
    const why =
      cmd.kind === 'enroll'
        ? enrollIgnoreReason(env, tx, live, type)
        : challengeIgnoreReason(env, tx, have, type);
    if (why) {
      ignored.push(`${type}: ${why.reason}`);
      if (why.warn)
        emitLog(env, tx, 'w', { description: notSetUp(type), details: { reason: why.reason } });
      continue;
    }
    if (!usable.includes(type as PromptFactor)) usable.push(type as PromptFactor);
  }
  if (usable.length === 0) {
    // "If none of the requested factors is usable, the login fails" (§1.3).
    cmd.status = 'skipped';
    decide(tx, {
      step: `${cmd.kind}-command`,
      readFrom: 'store',
      enrolledFactors: have,
      outcome: 'failed: no usable factor',
      detail: ignored.join('; '),
    });
    return fail(
      tx,
      `No usable MFA factor for ${cmd.kind === 'enroll' ? 'enrollment' : 'challenge'} (${ignored.join('; ')}).`,
    );
  }
  if (
    cmd.kind === 'enroll' &&
    have.length > 0 &&
    tx.challengedInTx.length === 0 &&
    tx.enrolledInTx.length === 0
  ) {
    // "users must complete an MFA challenge using one of their existing enrolledFactors before
    // they can enroll in additional factors" — logged as `mfar` (§2.1). The enrollment is refused;
    // failing the login (no usable factor) is the plausible outcome (unconfirmed).
    cmd.status = 'skipped';
    emitLog(env, tx, 'mfar', { description: ENROLL_BEFORE_CHALLENGE });
    decide(tx, {
      step: 'enroll-command',
      readFrom: 'store',
      enrolledFactors: have,
      outcome: 'refused: challenge an existing factor first',
    });
    return fail(tx, ENROLL_BEFORE_CHALLENGE);
  }
  cmd.status = 'prompted';
  // `*Any` shows the picker "unless only one factor is valid" (§1.3).
  const picker = cmd.picker && usable.length > 1;
  tx.prompt = {
    kind: cmd.kind,
    source: 'action',
    factors: usable,
    picker,
    ...(picker ? {} : { selected: usable[0] }),
    commandIndex: index,
    started: [],
  };
  if (cmd.kind === 'challenge')
    emitLog(env, tx, 'mfar', { details: { source: 'action', factors: usable } });
  decide(tx, {
    step: `${cmd.kind}-command`,
    readFrom: 'store',
    enrolledFactors: have,
    outcome: `prompt ${picker ? 'picker' : usable[0]}`,
    ...(ignored.length ? { detail: `ignored ${ignored.join('; ')}` } : {}),
  });
  return undefined;
}

/** Why a factor cannot be prompted at all (not enabled on the tenant, or no screen), else undefined. */
function unpromptableReason(
  env: FlowEnv,
  type: string,
): { reason: string; warn: boolean } | undefined {
  const guardian = FACTOR_OF[type];
  if (!guardian || !env.tenant.isFactorEnabled(guardian))
    return { reason: 'factor not enabled on the tenant', warn: true };
  if (!PROMPTABLE.includes(type))
    return { reason: 'factor has no Universal Login screen in the emulator', warn: true };
  return undefined;
}

/** Why an enrollWith factor is ignored (§1.3, §2.1), or undefined when usable. */
function enrollIgnoreReason(
  env: FlowEnv,
  tx: LoginTransaction,
  live: UserRecord,
  type: string,
): { reason: string; warn: boolean } | undefined {
  // "a factor not enabled on the tenant" → `w` "not properly set up" (§2.1).
  const unusable = unpromptableReason(env, type);
  if (unusable) return unusable;
  const have = confirmedFactorTypes(live);
  // "a factor the user already enrolled" (store) → `w` (§2.1 "already enrolled").
  if (have.includes(type)) return { reason: 'already enrolled', warn: true };
  // "already enrolled or challenged successfully in the current transaction" (§1.3).
  const f = type as PromptFactor;
  if (tx.enrolledInTx.includes(f) || tx.challengedInTx.includes(f)) {
    return { reason: 'already enrolled or challenged in this transaction', warn: false };
  }
  if (tx.skippedInTx.includes(f))
    return { reason: 'enrollment postponed by the user in this transaction', warn: false };
  if (f === 'webauthn-platform') {
    // Browsers without a platform authenticator are not offered enrollment (§2.1) → `w` "not supported by the browser".
    if (!tx.capabilities?.webauthnPlatformAvailable)
      return { reason: 'browser has no platform authenticator', warn: true };
    // "The user must have another MFA enrollment activated before using device biometrics" (§2.1).
    if (!have.some((t) => t !== 'webauthn-platform')) {
      return {
        reason:
          'The user must have another MFA enrollment activated before using device biometrics',
        warn: true,
      };
    }
  }
  return undefined;
}

/** Why a challengeWith factor is ignored (§1.3), or undefined when usable. */
function challengeIgnoreReason(
  env: FlowEnv,
  tx: LoginTransaction,
  have: readonly string[],
  type: string,
): { reason: string; warn: boolean } | undefined {
  // "A factor that is not enabled on the tenant, or not enrolled by the user, is ignored."
  const unusable = unpromptableReason(env, type);
  if (unusable) return unusable;
  if (!have.includes(type)) return { reason: 'not enrolled by the user', warn: false };
  // "A factor already challenged in this transaction is ignored."
  if (tx.challengedInTx.includes(type as PromptFactor))
    return { reason: 'already challenged in this transaction', warn: false };
  if (type === 'webauthn-platform' && !tx.capabilities?.webauthnPlatformAvailable) {
    return { reason: 'browser has no platform authenticator', warn: false };
  }
  return undefined;
}

/**
 * `/continue?state=`: resumes the flow suspended by `api.redirect.sendUserTo` in the same
 * Action's `exports.onContinuePostLogin(event, api)`, with a new `event.request` (the /continue
 * request in `env.request`: "A new event.request object is issued anytime an Action trigger is
 * suspended and then subsequently resumed", §1.1). Then the flow goes on as usual.
 * Returns undefined when the transaction is not waiting for /continue (the route answers
 * `invalid_request`).
 */
export async function continueAfterRedirect(
  env: FlowEnv,
  tx: LoginTransaction,
): Promise<FlowStep | undefined> {
  const pending = tx.flow.redirect;
  if (!pending || tx.flow.phase !== 'actions') return undefined;
  tx.flow.redirect = undefined;
  record(tx, 'flow', 'continue', { method: env.request.method });
  const failed = await runNextAction(env, tx, { actionIndex: pending.actionIndex });
  if (failed) return failed;
  // The trigger was suspended: the next Action begins with refreshed methods (recordMethod).
  tx.flow.pausedSinceLastAction = true;
  return advance(env, tx);
}

/**
 * Writes the batched metadata now and clears it (before a redirect, §1.3); what later Actions
 * set is written at the end of the trigger by `persistMetadata`.
 */
function persistPendingMetadata(env: FlowEnv, tx: LoginTransaction, when: string): void {
  const written = mergePendingMetadata(env, tx);
  if (!written) return;
  tx.flow.pendingAppMetadata = {};
  tx.flow.pendingUserMetadata = {};
  record(tx, 'flow', 'metadata-persisted', { when, ...written });
}

/**
 * End of the trigger: batched metadata is written "a single time — at the end of the trigger's
 * execution" (§1.3) with Auth0's root-level merge. The snapshot is never touched (§1.4 item 3).
 */
function persistMetadata(env: FlowEnv, tx: LoginTransaction): void {
  const flow = tx.flow;
  if (flow.metadataPersisted) return;
  flow.metadataPersisted = true;
  const written = mergePendingMetadata(env, tx);
  if (written) record(tx, 'flow', 'metadata-persisted', written);
}

/**
 * Merges the batched metadata into the live user (root-level merge); the keys written, or
 * undefined when there is no live user or nothing to write.
 */
function mergePendingMetadata(
  env: FlowEnv,
  tx: LoginTransaction,
): { app_metadata: string[]; user_metadata: string[] } | undefined {
  const live = storeUser(env, tx);
  const app = tx.flow.pendingAppMetadata;
  const usr = tx.flow.pendingUserMetadata;
  if (!live || (Object.keys(app).length === 0 && Object.keys(usr).length === 0)) return undefined;
  live.app_metadata = mergeMetadata(live.app_metadata, app);
  live.user_metadata = mergeMetadata(live.user_metadata, usr);
  live.updated_at = nowIso(env);
  return { app_metadata: Object.keys(app), user_metadata: Object.keys(usr) };
}

/**
 * Step 3, the end-of-flow MFA evaluation. "When the login flow continues to the MFA evaluation
 * step within the same transaction, it references the original data snapshot … concludes that
 * the user is not enrolled in MFA for that specific login and skips the biometric prompt"
 * (§1.4 item 1). In fresh mode it reads the store now.
 * Returns a FlowStep when it must wait (capability detection) or fails; sets `tx.prompt` when
 * it decides to prompt.
 */
function evaluateMfa(env: FlowEnv, tx: LoginTransaction): FlowStep | undefined {
  const flow = tx.flow;
  const fresh = env.userReads === 'fresh';
  const live = storeUser(env, tx);
  const source = fresh && live ? live : tx.snapshot;
  if (!source) return fail(tx, 'No user in the transaction.');
  const readFrom = fresh ? 'fresh' : 'snapshot';
  const factors = confirmedFactorTypes(source);
  const storeFactors = live ? confirmedFactorTypes(live) : [];
  const storeNote = `store has [${storeFactors.join(', ')}]`;
  // `api.multifactor.enable(p)` with p !== 'none' (§1.3, "deferred to the end of the login flow")
  // or the tenant policy "Always" (guardian policies `all-applications`).
  const byAction = flow.multifactor !== undefined && flow.multifactor.provider !== 'none';
  const byPolicy = env.tenant.guardianPolicies.includes('all-applications');
  if (!byAction && !byPolicy) {
    flow.evaluated = true;
    decide(tx, {
      step: 'mfa-evaluation',
      readFrom,
      enrolledFactors: factors,
      outcome: 'not-required',
      detail: storeNote,
    });
    return undefined;
  }
  // allowRememberBrowser: "the user is prompted once every 30 days" (§1.3) — a browser with a
  // valid `auth0-mf` for this user skips the challenge (device.ts). Only for
  // api.multifactor.enable; the tenant policy "Always" keeps prompting (unconfirmed).
  if (
    byAction &&
    !byPolicy &&
    flow.multifactor?.options?.allowRememberBrowser === true &&
    factors.length > 0 &&
    browserRemembered(tx)
  ) {
    flow.evaluated = true;
    decide(tx, {
      step: 'mfa-evaluation',
      readFrom,
      enrolledFactors: factors,
      outcome: 'skipped: browser remembered (allowRememberBrowser)',
      detail: storeNote,
    });
    return undefined;
  }
  // Detection runs before the first MFA prompt (§2.2); only needed if a prompt may follow.
  if (
    !tx.capabilities &&
    tx.challengedInTx.length === 0 &&
    !(factors.length === 0 && tx.enrolledInTx.length > 0)
  ) {
    return { kind: 'screen', path: DETECT };
  }
  flow.evaluated = true;
  const requiredBy = byAction
    ? `api.multifactor.enable('${flow.multifactor?.provider}')`
    : 'tenant policy all-applications';
  if (tx.challengedInTx.length > 0) {
    // challengeWith "override[s] api.multifactor.enable" (§1.3): a challenge passed here satisfies MFA.
    decide(tx, {
      step: 'mfa-evaluation',
      readFrom,
      enrolledFactors: factors,
      outcome: 'satisfied: challenge already passed in this transaction',
      detail: `${requiredBy}; ${storeNote}`,
    });
    return undefined;
  }
  if (factors.length === 0) {
    if (tx.enrolledInTx.length > 0) {
      // The support article's case: the snapshot predates the enrollment, so the user is "not
      // enrolled in MFA for that specific login" and the (biometric) prompt is skipped.
      decide(tx, {
        step: 'mfa-evaluation',
        readFrom,
        enrolledFactors: factors,
        outcome: 'skipped: not enrolled in the snapshot (enrolled during this transaction)',
        detail: `${requiredBy}; ${storeNote}`,
      });
      return undefined;
    }
    // Progressive enrollment: a user without factors enrolls one (OTP) when MFA is required.
    if (!env.tenant.isFactorEnabled('otp')) {
      decide(tx, {
        step: 'mfa-evaluation',
        readFrom,
        enrolledFactors: factors,
        outcome: 'failed: no factor to enroll',
      });
      return fail(
        tx,
        'Multi-factor authentication is required but no factor is available to enroll.',
      );
    }
    tx.prompt = {
      kind: 'enroll',
      source: 'policy',
      factors: ['otp'],
      picker: false,
      selected: 'otp',
      started: [],
    };
    decide(tx, {
      step: 'mfa-evaluation',
      readFrom,
      enrolledFactors: factors,
      outcome: 'enroll otp (progressive enrollment)',
      detail: `${requiredBy}; ${storeNote}`,
    });
    return undefined;
  }
  // Challenge: device biometrics first when the read factors have it, it is enabled and the
  // browser can (§2.1: browsers without a platform authenticator are not offered a challenge).
  const order: PromptFactor[] = [];
  if (
    factors.includes('webauthn-platform') &&
    env.tenant.isFactorEnabled('webauthn-platform') &&
    tx.capabilities?.webauthnPlatformAvailable
  ) {
    order.push('webauthn-platform');
  }
  if (factors.includes('otp') && env.tenant.isFactorEnabled('otp')) order.push('otp');
  if (order.length === 0) {
    decide(tx, {
      step: 'mfa-evaluation',
      readFrom,
      enrolledFactors: factors,
      outcome: 'failed: no usable factor',
    });
    return fail(
      tx,
      'Multi-factor authentication is required but none of the enrolled factors can be used.',
    );
  }
  emitLog(env, tx, 'mfar', { details: { source: 'policy', requiredBy, factors: order, readFrom } });
  tx.prompt = {
    kind: 'challenge',
    source: 'policy',
    factors: order,
    picker: false,
    selected: order[0],
    started: [],
  };
  decide(tx, {
    step: 'mfa-evaluation',
    readFrom,
    enrolledFactors: factors,
    outcome: `challenge ${order[0]}`,
    detail: `${requiredBy}; ${storeNote}`,
  });
  return undefined;
}

/**
 * Step 4. `amr: ['mfa']` exactly when an MFA challenge (not merely an enrollment) was passed
 * in this transaction — the harness's contract; whether Auth0 adds `mfa` after an
 * enrollment-only login is unconfirmed. Logs `s` (`ss` was logged at sign-up).
 */
function finish(env: FlowEnv, tx: LoginTransaction): FlowStep {
  const flow = tx.flow;
  if (!tx.userId) return fail(tx, 'No user in the transaction.');
  const amr = tx.challengedInTx.length > 0 ? ['mfa'] : [];
  // Logged once, even if the browser comes back before the authorization resumes.
  if (flow.phase !== 'finishing' && flow.phase !== 'done') {
    flow.phase = 'finishing';
    tx.amr = amr;
    emitLog(env, tx, 's', {
      details: {
        prompts: [],
        initiatedAt: Date.parse(tx.createdAt),
        completedAt: Date.now(),
        stats: { loginsCount: tx.snapshot?.logins_count ?? null },
        amr,
      },
    });
    record(tx, 'flow', 'finish', { amr });
  }
  return {
    kind: 'finish',
    accountId: tx.userId,
    amr,
    idTokenClaims: { ...flow.idTokenClaims },
    accessTokenClaims: { ...flow.accessTokenClaims },
  };
}

/**
 * Called by the factor screens when a prompt is fulfilled: the factor joins the transaction's
 * methods (`{name:'mfa', type}`, §1.2) and the next Action refreshes enrolledFactors/methods
 * ("The flow pauses after Action 1 executes … updated when Action 2 runs", §1.4 item 2).
 */
export function completePrompt(
  env: FlowEnv,
  tx: LoginTransaction,
  factor: PromptFactor,
  how: 'enrolled' | 'challenged',
): void {
  const prompt = tx.prompt;
  const list = how === 'enrolled' ? tx.enrolledInTx : tx.challengedInTx;
  if (!list.includes(factor)) list.push(factor);
  tx.methods.push({ name: 'mfa', type: factor, timestamp: nowIso(env) });
  tx.flow.pausedSinceLastAction = true;
  if (prompt?.commandIndex !== undefined) {
    const cmd = tx.flow.commands[prompt.commandIndex];
    if (cmd) cmd.status = 'completed';
  }
  tx.prompt = undefined;
  record(tx, 'flow', `${how} ${factor}`, { source: prompt?.source });
}

/**
 * The user postponed an enrollment ("Remind me later" / "Not on this device"). The command is
 * treated as skipped for this transaction with a `w` log (plausible, unconfirmed).
 */
export function skipPrompt(
  env: FlowEnv,
  tx: LoginTransaction,
  factor: PromptFactor,
  why: string,
): void {
  const prompt = tx.prompt;
  if (!tx.skippedInTx.includes(factor)) tx.skippedInTx.push(factor);
  if (prompt?.commandIndex !== undefined) {
    const cmd = tx.flow.commands[prompt.commandIndex];
    if (cmd) cmd.status = 'skipped';
  }
  tx.prompt = undefined;
  emitLog(env, tx, 'w', { description: `Enrollment of ${factor} postponed by the user (${why}).` });
}
