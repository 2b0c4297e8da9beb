/**
 * @module emulator/actions/runtime
 * Runs one post-login Action (CommonJS source, as deployed to Auth0) and returns what it asked
 * of the login flow. A pure library: no HTTP, no tenant state.
 *
 * Each execution runs in a worker thread of its own (`worker-main.ts`, in a `node:vm` context:
 * `sandbox.ts`), never on the emulator's thread: the emulator keeps answering requests while an
 * Action runs, and when the limit passes the thread is terminated, whatever the Action is doing
 * (awaiting forever, or a synchronous busy loop before or after an `await`). The `api` object
 * runs beside the Action in that thread; what it records and the console lines are streamed to
 * this thread as they happen, so a stopped execution keeps what it did before the limit.
 * `api.cache` and the `now` clock seam stay in this thread, reached by synchronous calls
 * (`sync-call.ts`). The event crosses the boundary structured-cloned; the Action then gets a
 * JSON copy of it in its own realm, as before.
 *
 * Isolation, not security: a worker and `node:vm` keep an Action's globals, objects and
 * builtins apart from the emulator's, but are no security boundary. The Actions it runs are the
 * customer's own code under test, as trusted as the test suite.
 *
 * Limits (https://auth0.com/docs/customize/actions/limitations, auth0-behaviour.md §1.1): 20 s
 * per execution, timed from when the worker starts on the Action's code; memory: see
 * `ACTION_MEMORY_LIMIT_MB` (no documented Auth0 limit).
 */
import vm from 'node:vm';
import { receiveMessageOnPort } from 'node:worker_threads';
import type { ActionHandler, RecordedCalls } from './api.ts';
import { ActionCache } from './cache.ts';
import { compileMessage, FILENAME, MODULE_PARAMS } from './execution.ts';
import type { ActionErrorKind, ActionResult } from './result.ts';
import { serveSyncCalls } from './sync-call.ts';
import type { PostLoginEvent } from './types.ts';
import {
  ACTION_MEMORY_LIMIT_MB,
  prepareSpares,
  takeWorker,
  type ActionWorker,
} from './worker-pool.ts';
import type { ExecutionJob, HostCall, WorkerEvent } from './worker-protocol.ts';

export { MFA_COMMAND_CAP } from './result.ts';
export type { ActionErrorKind, ActionResult, DroppedClaim, MfaCommand } from './result.ts';
export type { ActionHandler } from './api.ts';
export { ActionCache } from './cache.ts';
export { ACTION_MEMORY_LIMIT_MB } from './worker-pool.ts';

/** "A trigger execution must finish in 20 seconds or it ends in an error" (limitations). */
export const ACTION_TIMEOUT_MS = 20_000;

export interface ExecuteActionInput {
  /** The Action version's source (CommonJS). */
  code: string;
  /** `onContinuePostLogin` when resuming at `/continue` after `api.redirect.sendUserTo`. */
  handler: ActionHandler;
  /** From `buildPostLoginEvent`; never mutated. The Action gets its own copy. */
  event: PostLoginEvent;
  /** The Action version's secrets; become `event.secrets`. */
  secrets: Record<string, string>;
  /** Default 20 000 ms, Auth0's limit. */
  timeoutMs?: number;
  /** Clock seam for token `iat`/`exp` and cache expiry. */
  now?: () => Date;
  /** The Action's `api.cache` store; pass the same one across executions of the same Action. */
  cache?: ActionCache;
}

type ActionError = { kind: ActionErrorKind; message: string };

/**
 * Executes one Action handler and records its requests.
 *
 * @returns Always resolves; failures are `outcome: 'failed'` with an `error.kind`. Calls recorded
 * before a failure are still returned (the flow engine decides what a failed Action keeps).
 */
export async function executeAction(input: ExecuteActionInput): Promise<ActionResult> {
  const timeoutMs = input.timeoutMs ?? ACTION_TIMEOUT_MS;
  const now = input.now ?? (() => new Date());
  const cache = input.cache ?? new ActionCache(now);
  let worker: ActionWorker;
  try {
    worker = await takeWorker();
  } catch (e) {
    return failedBeforeStart(input.event, {
      kind: 'crashed',
      message: `The emulator could not start a worker for the Action: ${String(e)}`,
    });
  }
  const job: ExecutionJob = {
    code: input.code,
    handler: input.handler,
    event: input.event,
    secrets: input.secrets,
    hostClock: input.now !== undefined,
  };
  return run(worker, job, timeoutMs, (call) => answer(call, cache, now));
}

/** Runs `job` on `w` until it is done, crashes or runs out of time; then terminates `w`. */
function run(
  w: ActionWorker,
  job: ExecutionJob,
  timeoutMs: number,
  hostCalls: (call: HostCall) => unknown,
): Promise<ActionResult> {
  const consoleLines: string[] = [];
  let recorded = nothingRecorded(job.event);
  let result: ActionResult | undefined;
  const take = (event: WorkerEvent) => {
    if (event.type === 'console') consoleLines.push(event.line);
    else if (event.type === 'recorded') recorded = event.recorded;
    else if (event.type === 'done') result ??= event.result;
  };
  /** What was posted before the worker stopped but not yet delivered to the listener. */
  const drain = () => {
    for (let m = receiveMessageOnPort(w.events); m; m = receiveMessageOnPort(w.events))
      take(m.message as WorkerEvent);
  };

  return new Promise<ActionResult>((resolve) => {
    let settled = false;
    const stopServing = serveSyncCalls(w.calls, w.flag, hostCalls);
    const settle = (failure?: ActionError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      drain();
      stopServing();
      w.events.off('message', onEvent);
      w.worker.off('error', onError);
      w.worker.off('exit', onExit);
      const final: ActionResult = result ?? {
        outcome: 'failed',
        error: failure ?? { kind: 'crashed', message: 'The Action ended without a result' },
        consoleLines: [...consoleLines],
        ...structuredClone(recorded),
      };
      const stopped = w.worker.terminate().catch(() => undefined);
      // A finished Action's thread is stopped in the background (its result is final and later
      // messages are ignored); a stopped or crashed one is awaited, so that nothing of it (a
      // busy loop) outlives the call.
      if (result) resolve(final);
      else void stopped.then(() => resolve(final));
      prepareSpares();
    };
    const onEvent = (event: WorkerEvent) => {
      take(event);
      if (result) settle();
    };
    const onError = (e: Error) => settle(crashed(e));
    const onExit = (code: number) =>
      settle({ kind: 'crashed', message: `The Action's worker stopped (exit code ${code})` });
    w.events.on('message', onEvent);
    w.worker.once('error', onError);
    w.worker.once('exit', onExit);
    // Referenced on purpose: it is what keeps a caller's `await` alive until the deadline, and it
    // is cleared on settling, so nothing outlives the execution.
    const timer = setTimeout(() => {
      // Whatever the Action posted before the limit counts; a result that raced in wins.
      drain();
      settle(timeoutError(timeoutMs));
    }, timeoutMs);
    try {
      w.events.postMessage(job);
    } catch (e) {
      settle({ kind: 'crashed', message: `The Action's event could not be sent: ${String(e)}` });
    }
  });
}

/** Answers a synchronous call of the Action's thread (`sync-call.ts`), in this thread. */
function answer(call: HostCall, cache: ActionCache, now: () => Date): unknown {
  switch (call.op) {
    case 'now':
      return now().getTime();
    case 'cache.get':
      return cache.get(call.key);
    case 'cache.set':
      // `ttl` may be a string on purpose: `worker-cache.ts` keeps what `now + ttl` would make.
      return cache.set(call.key, call.value, call.options as { ttl?: number; expires_at?: number });
    case 'cache.delete':
      return cache.delete(call.key);
  }
}

/**
 * Syntax-checks an Action as CommonJS without running it, for the Management API's build step.
 *
 * @returns `{ ok: false, message }` with the parser's message and line, e.g.
 * `SyntaxError: Unexpected token ';' (index.js:3)`.
 */
export function compileAction(code: string): { ok: true } | { ok: false; message: string } {
  try {
    vm.compileFunction(code, MODULE_PARAMS, {
      filename: FILENAME,
      parsingContext: vm.createContext({}),
    });
    return { ok: true };
  } catch (e) {
    return { ok: false, message: compileMessage(e) };
  }
}

/** The state of `api` before any call (what `createPostLoginApi` starts from). */
function nothingRecorded(event: PostLoginEvent): RecordedCalls {
  return {
    appMetadata: {},
    userMetadata: {},
    idTokenClaims: {},
    accessTokenClaims: {},
    droppedClaims: [],
    scopeChanges: [],
    mfaCommands: [],
    recordedMethods: [],
    transactionMetadata: { ...event.transaction?.metadata },
  };
}

function failedBeforeStart(event: PostLoginEvent, error: ActionError): ActionResult {
  return { outcome: 'failed', error, consoleLines: [], ...nothingRecorded(event) };
}

function crashed(e: Error): ActionError {
  if ((e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      kind: 'crashed',
      message: `The Action ran out of memory (the emulator allows ${ACTION_MEMORY_LIMIT_MB} MB per execution)`,
    };
  }
  return { kind: 'crashed', message: `The Action's worker failed: ${e.message}` };
}

function timeoutError(timeoutMs: number): ActionError {
  return { kind: 'timeout', message: `The Action did not finish within ${timeoutMs} ms` };
}
