/**
 * @module emulator/actions/worker-protocol
 * The messages between the emulator's thread (`runtime.ts`) and an Action execution's worker
 * thread (`worker-main.ts`). Everything is structured-cloned; nothing is shared but the one
 * `Int32Array` the synchronous host calls wait on (`sync-call.ts`).
 */
import type { MessagePort } from 'node:worker_threads';
import type { ActionHandler, RecordedCalls } from './api.ts';
import type { ActionResult } from './result.ts';
import type { PostLoginEvent } from './types.ts';

/** `workerData` of an execution's worker. */
export interface WorkerBoot {
  /** Worker → emulator: `WorkerEvent`s. Emulator → worker: the one `ExecutionJob`. */
  events: MessagePort;
  /** Worker → emulator: `HostCall`s; emulator → worker: `HostReply`s (`sync-call.ts`). */
  calls: MessagePort;
  /** A `SharedArrayBuffer` of one `Int32`: the "reply ready" flag of `calls`. */
  flag: SharedArrayBuffer;
}

/** What to run. The worker runs exactly one job and is then terminated. */
export interface ExecutionJob {
  code: string;
  handler: ActionHandler;
  event: PostLoginEvent;
  secrets: Record<string, string>;
  /** Ask the emulator for the time (`ExecuteActionInput.now` was given) instead of the system clock. */
  hostClock: boolean;
}

export type WorkerEvent =
  | { type: 'ready' }
  | { type: 'console'; line: string }
  /** Everything recorded so far, after each `api` call. */
  | { type: 'recorded'; recorded: RecordedCalls }
  | { type: 'done'; result: ActionResult };

/** Calls the Action makes synchronously that only the emulator's thread can answer. */
export type HostCall =
  | { op: 'now' }
  | { op: 'cache.get'; key: string }
  | {
      op: 'cache.set';
      key: string;
      value: string;
      /** Already coerced in the worker the way `ActionCache.set` would (`worker-cache.ts`). */
      options: { ttl?: number | string; expires_at?: number };
    }
  | { op: 'cache.delete'; key: string };

export type HostReply = { ok: true; value: unknown } | { ok: false; message: string };
