/**
 * @module emulator/actions/sandbox
 * The global scope one Action execution runs in: a fresh `node:vm` context with console
 * capture, tracked timers and a CommonJS `require` limited to a few Node builtins. It lives in
 * the execution's worker thread (`worker-main.ts`); time limits are the main thread's business
 * (`runtime.ts` terminates the worker), so nothing here measures time.
 *
 * Isolation, not security: `node:vm` keeps an Action's globals and objects apart from the
 * runtime's, but is no security boundary. The Actions it runs are the customer's own code under
 * test, as trusted as the test suite.
 */
import * as nodeCrypto from 'node:crypto';
import * as nodeUrl from 'node:url';
import * as nodeUtil from 'node:util';
import vm from 'node:vm';
import type { ActionRealm } from './api.ts';

/**
 * Node builtins an Action may `require`. Auth0 installs declared npm dependencies; the emulator
 * installs none, and offers only these.
 */
const ALLOWED_MODULES: Record<string, unknown> = {
  crypto: nodeCrypto,
  url: nodeUrl,
  util: nodeUtil,
};

/**
 * Host globals the Action's global scope reads from the host's on first use. Node loads its
 * `fetch` implementation (undici) on first access, which costs a new thread 30–170 ms: most
 * Actions never pay it. After the first read (or a write) the property is a plain data property,
 * as the others are.
 */
function defineLazyGlobals(target: object, names: readonly string[]): void {
  const settle = (name: string, value: unknown) =>
    Object.defineProperty(target, name, {
      value,
      writable: true,
      configurable: true,
      enumerable: true,
    });
  for (const name of names) {
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get() {
        const value = (globalThis as Record<string, unknown>)[name];
        settle(name, value);
        return value;
      },
      set(value: unknown) {
        settle(name, value);
      },
    });
  }
}

/** A fresh global scope for one execution, with console capture, tracked timers and `require`. */
export class ActionSandbox {
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
   * rejection or uncaught exception in the execution's thread. In Node (Auth0 runs Node 22)
   * either would be fatal; here it fails the Action instead of the emulator.
   */
  readonly crashed = new Promise<{ ok: false; e: unknown }>((resolve) => {
    this.crash = (e) => resolve({ ok: false, e });
  });

  /** @param onConsole Called with each captured console line, as it is written. */
  constructor(private readonly onConsole: (line: string) => void = () => {}) {
    const log = (...args: unknown[]) => {
      if (this.disposed) return;
      const line = nodeUtil.format(...args);
      this.consoleLines.push(line);
      this.onConsole(line);
    };
    const console = { log, info: log, warn: log, error: log, debug: log, trace: log };
    const globals = {
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
      AbortController,
      AbortSignal,
      crypto: nodeCrypto.webcrypto,
    };
    defineLazyGlobals(globals, ['fetch', 'Headers', 'Request', 'Response']);
    this.context = vm.createContext(globals, { name: 'auth0-post-login-action' });
    this.realm = vm.runInContext(
      '({ TypeError: TypeError, Error: Error, parse: (json) => JSON.parse(json) })',
      this.context,
    ) as ActionRealm;
  }

  /** The execution's thread saw an unhandled rejection or uncaught exception. Ignored once ended. */
  fail(reason: unknown): void {
    if (!this.disposed) this.crash(reason);
  }

  /** Validates a timer callback now (as Node does) and runs it later without escaping the sandbox. */
  private guard(fn: unknown, what: string): (...args: unknown[]) => void {
    if (typeof fn !== 'function')
      throw new this.realm.TypeError(`${what}: the callback must be a function`);
    return (...args) => {
      if (this.disposed) return;
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } catch (e) {
        this.crash(e);
      }
    };
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
