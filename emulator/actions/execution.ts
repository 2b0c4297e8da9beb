/**
 * @module emulator/actions/execution
 * One execution of one post-login Action (CommonJS source, as deployed to Auth0), as it runs
 * inside its worker thread: compile, evaluate the module, call the handler, wait for it, and
 * return what it asked of the login flow. No time limit here: the emulator's thread stops the
 * whole thread when the limit passes (`runtime.ts`).
 */
import vm from 'node:vm';
import { createPostLoginApi, type ActionHandler, type RecordedCalls } from './api.ts';
import type { CacheStore } from './cache.ts';
import { MFA_COMMAND_CAP, type ActionErrorKind, type ActionResult } from './result.ts';
import { ActionSandbox } from './sandbox.ts';
import type { PostLoginEvent } from './types.ts';

export const MODULE_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
export const FILENAME = '/action/index.js';

export interface ExecutionInput {
  code: string;
  handler: ActionHandler;
  /** The event as the flow engine built it (a copy); the Action gets a JSON copy of its own. */
  event: PostLoginEvent;
  secrets: Record<string, string>;
  now: () => Date;
  cache: CacheStore;
  /** Everything recorded so far, after each `api` call. */
  onRecorded: (recorded: RecordedCalls) => void;
}

export interface Execution {
  /** Always resolves; failures are `outcome: 'failed'` with an `error.kind`. */
  done: Promise<ActionResult>;
  /** An unhandled rejection or uncaught exception in the thread: fails the execution. */
  fail: (reason: unknown) => void;
}

/**
 * Starts the execution in `sandbox`, a fresh one made before the job came (creating a context
 * and loading `fetch` and WebCrypto cost a new thread tens of milliseconds) and used only once.
 */
export function startExecution(input: ExecutionInput, sandbox: ActionSandbox): Execution {
  return { done: run(input, sandbox), fail: (reason) => sandbox.fail(reason) };
}

async function run(input: ExecutionInput, sandbox: ActionSandbox): Promise<ActionResult> {
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
    cache: input.cache,
    now: input.now,
    onCall: () => input.onRecorded(recorder.recorded()),
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

  // Module evaluation (top-level code).
  const module = realm.parse('{"exports":{}}') as { exports: Record<string, unknown> };
  const require = (name: unknown) => sandbox.require(name);
  try {
    compiled.call(module.exports, module.exports, require, module, FILENAME, '/action');
  } catch (e) {
    return finish(threw(e));
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
    returned = (handler as (e: unknown, a: unknown) => unknown)(actionEvent, recorder.api);
  } catch (e) {
    return finish(threw(e));
  }

  const settled = await Promise.race([
    Promise.resolve(returned).then(
      () => ({ ok: true as const }),
      (e: unknown) => ({ ok: false as const, e }),
    ),
    sandbox.crashed,
  ]);
  return finish(settled.ok ? undefined : threw(settled.e));
}

function threw(e: unknown): { kind: ActionErrorKind; message: string } {
  return { kind: 'threw', message: describe(e) };
}

/** `Name: message` for errors from either realm; `String(value)` for anything else thrown. */
export function describe(e: unknown): string {
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

/** The parser's message and line, e.g. `SyntaxError: Unexpected token ';' (index.js:3)`. */
export function compileMessage(e: unknown): string {
  // The first stack line of a V8 SyntaxError is `filename:line`.
  const stack = (e as { stack?: unknown } | null)?.stack;
  const where = typeof stack === 'string' ? /^\/action\/(index\.js:\d+)/.exec(stack) : null;
  return `${describe(e)}${where ? ` (${where[1]})` : ''}`;
}
