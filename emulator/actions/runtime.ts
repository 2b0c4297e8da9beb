/**
 * @module emulator/actions/runtime
 * Runs one post-login Action (CommonJS source, as deployed to Auth0) in a `node:vm` context and
 * returns what it asked of the login flow. A pure library: no HTTP, no tenant state.
 *
 * Isolation, not security: `node:vm` keeps an Action's globals and objects apart from the
 * emulator's, but is no security boundary. The Actions it runs are the customer's own code under
 * test, as trusted as the test suite.
 *
 * Limits (https://auth0.com/docs/customize/actions/limitations, auth0-behaviour.md §1.1): 20 s
 * per execution. The synchronous part of the module and of the handler run under vm's `timeout`,
 * so a `while (true)` before the first `await` is interrupted; the asynchronous part is raced
 * against a timer. A busy loop *after* an `await` cannot be interrupted on this thread.
 */
import * as nodeCrypto from 'node:crypto';
import * as nodeUrl from 'node:url';
import * as nodeUtil from 'node:util';
import vm from 'node:vm';
import { createPostLoginApi, type ActionHandler, type ActionRealm } from './api.ts';
import { ActionCache } from './cache.ts';
import { MFA_COMMAND_CAP, type ActionErrorKind, type ActionResult } from './result.ts';
import type { PostLoginEvent } from './types.ts';

export { MFA_COMMAND_CAP } from './result.ts';
export type { ActionErrorKind, ActionResult, DroppedClaim, MfaCommand } from './result.ts';
export type { ActionHandler } from './api.ts';
export { ActionCache } from './cache.ts';

/** "A trigger execution must finish in 20 seconds or it ends in an error" (limitations). */
export const ACTION_TIMEOUT_MS = 20_000;

/**
 * Node builtins an Action may `require`. Auth0 installs declared npm dependencies; the emulator
 * installs none, and offers only these.
 */
const ALLOWED_MODULES: Record<string, unknown> = {
  crypto: nodeCrypto,
  url: nodeUrl,
  util: nodeUtil,
};

const MODULE_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
const FILENAME = '/action/index.js';
const INVOKE = '__auth0ActionsInvoke__';

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

/**
 * Executes one Action handler and records its requests.
 *
 * @returns Always resolves; failures are `outcome: 'failed'` with an `error.kind`. Calls recorded
 * before a failure are still returned (the flow engine decides what a failed Action keeps).
 */
export async function executeAction(input: ExecuteActionInput): Promise<ActionResult> {
  const timeoutMs = input.timeoutMs ?? ACTION_TIMEOUT_MS;
  const now = input.now ?? (() => new Date());
  const sandbox = new ActionSandbox(performance.now() + timeoutMs);
  const remaining = () => sandbox.remaining();
  const { context, realm } = sandbox;
  const actionEvent = realm.parse(
    JSON.stringify({ ...input.event, secrets: { ...input.secrets } }),
  ) as {
    transaction?: { metadata?: Record<string, unknown> } | null;
  };
  const recorder = createPostLoginApi({
    handler: input.handler,
    event: input.event,
    actionEvent,
    realm,
    cache: input.cache ?? new ActionCache(now),
    now,
  });

  const finish = (error?: { kind: ActionErrorKind; message: string }): ActionResult => {
    recorder.close();
    sandbox.dispose();
    const recorded = recorder.recorded();
    if (!error && recorded.mfaCommands.length > MFA_COMMAND_CAP) {
      error = {
        kind: 'command-limit',
        message: `The Action issued ${recorded.mfaCommands.length} MFA enrollment/challenge commands; at most ${MFA_COMMAND_CAP} are allowed per flow`,
      };
    }
    return {
      outcome: error ? 'failed' : 'ok',
      ...(error ? { error } : {}),
      consoleLines: [...sandbox.consoleLines],
      ...recorded,
    };
  };

  let compiled: (...args: unknown[]) => unknown;
  try {
    compiled = vm.compileFunction(input.code, MODULE_PARAMS, {
      filename: FILENAME,
      parsingContext: context,
    }) as (...args: unknown[]) => unknown;
  } catch (e) {
    return finish({ kind: 'compile', message: compileMessage(e) });
  }

  // Module evaluation (top-level code), under the synchronous timeout.
  const module = realm.parse('{"exports":{}}') as { exports: Record<string, unknown> };
  const require = (name: unknown) => sandbox.require(name);
  try {
    sandbox.runSync(
      () => compiled.call(module.exports, module.exports, require, module, FILENAME, '/action'),
      remaining(),
    );
  } catch (e) {
    return finish(failure(e, timeoutMs));
  }

  const handler = module.exports[input.handler];
  if (typeof handler !== 'function') {
    return finish({
      kind: 'missing-handler',
      message: `The Action does not export ${input.handler} (exports.${input.handler} = async (event, api) => { … })`,
    });
  }

  let returned: unknown;
  try {
    returned = sandbox.runSync(
      () => (handler as (e: unknown, a: unknown) => unknown)(actionEvent, recorder.api),
      remaining(),
    );
  } catch (e) {
    return finish(failure(e, timeoutMs));
  }

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    // Referenced on purpose: it is what keeps a caller's `await` alive until the deadline, and
    // it is cleared below, so nothing outlives the execution.
    timer = setTimeout(() => resolve('timeout'), remaining());
  });
  try {
    const settled = await Promise.race([
      Promise.resolve(returned).then(
        () => ({ ok: true as const }),
        (e: unknown) => ({ ok: false as const, e }),
      ),
      sandbox.crashed,
      timedOut,
    ]);
    if (settled === 'timeout') return finish(timeoutError(timeoutMs));
    return finish(settled.ok ? undefined : failure(settled.e, timeoutMs));
  } finally {
    clearTimeout(timer);
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

/** A fresh global scope for one execution, with console capture, tracked timers and `require`. */
class ActionSandbox {
  readonly consoleLines: string[] = [];
  readonly context: vm.Context;
  readonly realm: ActionRealm;
  private readonly timeouts = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private disposed = false;
  private crash!: (e: unknown) => void;
  /**
   * Settles with the first exception thrown by an Action timer callback, or the first unhandled
   * rejection of a promise from the Action's realm. In Node (Auth0 runs Node 22) either would be
   * fatal; here it fails the Action instead of the emulator.
   */
  readonly crashed = new Promise<{ ok: false; e: unknown }>((resolve) => {
    this.crash = (e) => resolve({ ok: false, e });
  });

  /** @param deadline `performance.now()` value at which the execution's time is up. */
  constructor(private readonly deadline: number) {
    const log = (...args: unknown[]) => {
      if (!this.disposed) this.consoleLines.push(nodeUtil.format(...args));
    };
    const console = { log, info: log, warn: log, error: log, debug: log, trace: log };
    this.context = vm.createContext(
      {
        console,
        setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => {
          const run = this.guard(fn, 'setTimeout');
          const t = setTimeout(() => {
            this.timeouts.delete(t);
            run(...args);
          }, ms);
          this.timeouts.add(t);
          return t;
        },
        clearTimeout: (t: NodeJS.Timeout | undefined) => {
          if (t && this.timeouts.delete(t)) clearTimeout(t);
        },
        setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => {
          const run = this.guard(fn, 'setInterval');
          const t = setInterval(() => run(...args), ms);
          this.intervals.add(t);
          return t;
        },
        clearInterval: (t: NodeJS.Timeout | undefined) => {
          if (t && this.intervals.delete(t)) clearInterval(t);
        },
        setImmediate: (fn: unknown, ...args: unknown[]) => {
          const run = this.guard(fn, 'setImmediate');
          const t = setImmediate(() => {
            this.immediates.delete(t);
            run(...args);
          });
          this.immediates.add(t);
          return t;
        },
        clearImmediate: (t: NodeJS.Immediate | undefined) => {
          if (t && this.immediates.delete(t)) clearImmediate(t);
        },
        queueMicrotask,
        structuredClone,
        Buffer,
        URL,
        URLSearchParams,
        TextEncoder,
        TextDecoder,
        atob,
        btoa,
        fetch,
        Headers,
        Request,
        Response,
        AbortController,
        AbortSignal,
        crypto: nodeCrypto.webcrypto,
      },
      { name: 'auth0-post-login-action' },
    );
    this.realm = vm.runInContext(
      '({ TypeError: TypeError, Error: Error, parse: (json) => JSON.parse(json) })',
      this.context,
    ) as ActionRealm;
    watchUnhandledRejections(vm.runInContext('Promise.prototype', this.context) as object, this);
  }

  /** An Action promise was rejected and nothing handled it. Ignored once the execution ended. */
  unhandledRejection(reason: unknown): void {
    if (!this.disposed) this.crash(reason);
  }

  /** Validates a timer callback now (as Node does) and runs it later without escaping the sandbox. */
  private guard(fn: unknown, what: string): (...args: unknown[]) => void {
    if (typeof fn !== 'function')
      throw new this.realm.TypeError(`${what}: the callback must be a function`);
    return (...args) => {
      if (this.disposed) return;
      try {
        // Timer callbacks run under the same synchronous timeout as the handler.
        this.runSync(() => (fn as (...a: unknown[]) => void)(...args), this.remaining());
      } catch (e) {
        this.crash(e);
      }
    };
  }

  /** Milliseconds left before the deadline (at least 1, as vm requires a positive timeout). */
  remaining(): number {
    return Math.max(1, Math.ceil(this.deadline - performance.now()));
  }

  /** Runs `fn` (which calls into the Action) under vm's synchronous timeout. */
  runSync<T>(fn: () => T, timeoutMs: number): T {
    Object.defineProperty(this.context, INVOKE, { value: fn, configurable: true });
    try {
      return vm.runInContext(`${INVOKE}()`, this.context, { timeout: timeoutMs }) as T;
    } finally {
      delete (this.context as Record<string, unknown>)[INVOKE];
    }
  }

  require(name: unknown): unknown {
    const bare = typeof name === 'string' ? name.replace(/^node:/, '') : '';
    if (Object.hasOwn(ALLOWED_MODULES, bare)) return ALLOWED_MODULES[bare];
    const error = new this.realm.Error(
      `Cannot find module '${String(name)}': the emulator's Actions runtime offers only the Node.js builtins ${Object.keys(ALLOWED_MODULES).join(', ')} (npm dependencies are not installed)`,
    );
    (error as Error & { code: string }).code = 'MODULE_NOT_FOUND';
    throw error;
  }

  /** Stops every timer the Action started and ignores its later console output. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timeouts) clearTimeout(t);
    for (const t of this.intervals) clearInterval(t);
    for (const t of this.immediates) clearImmediate(t);
    this.timeouts.clear();
    this.intervals.clear();
    this.immediates.clear();
  }
}

/** Action realms by their `Promise.prototype`; weak, so finished executions are collected. */
const sandboxesByPromiseProto = new WeakMap<object, ActionSandbox>();
let rejectionListenerInstalled = false;

/**
 * Routes unhandled rejections of Action promises to their sandbox, so a floating
 * `Promise.reject()` in customer code cannot end the emulator's process. Other rejections keep
 * Node's default: when no other listener exists, they are rethrown as uncaught exceptions.
 */
function watchUnhandledRejections(promiseProto: object, sandbox: ActionSandbox): void {
  sandboxesByPromiseProto.set(promiseProto, sandbox);
  if (rejectionListenerInstalled) return;
  rejectionListenerInstalled = true;
  process.on('unhandledRejection', function onActionRejection(reason, promise) {
    const owner = sandboxesByPromiseProto.get(Object.getPrototypeOf(promise) as object);
    if (owner) owner.unhandledRejection(reason);
    else if (process.listeners('unhandledRejection').every((l) => l === onActionRejection))
      throw reason;
  });
}

function failure(e: unknown, timeoutMs: number): { kind: ActionErrorKind; message: string } {
  if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
    return timeoutError(timeoutMs);
  return { kind: 'threw', message: describe(e) };
}

function timeoutError(timeoutMs: number): { kind: ActionErrorKind; message: string } {
  return { kind: 'timeout', message: `The Action did not finish within ${timeoutMs} ms` };
}

/** `Name: message` for errors from either realm; `String(value)` for anything else thrown. */
function describe(e: unknown): string {
  if (
    e !== null &&
    typeof e === 'object' &&
    typeof (e as { message?: unknown }).message === 'string'
  ) {
    const { name, message } = e as { name?: unknown; message: string };
    return typeof name === 'string' && name ? `${name}: ${message}` : message;
  }
  return String(e);
}

function compileMessage(e: unknown): string {
  // The first stack line of a V8 SyntaxError is `filename:line`.
  const stack = (e as { stack?: unknown } | null)?.stack;
  const where = typeof stack === 'string' ? /^\/action\/(index\.js:\d+)/.exec(stack) : null;
  return `${describe(e)}${where ? ` (${where[1]})` : ''}`;
}
