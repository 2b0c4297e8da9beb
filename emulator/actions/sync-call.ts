/**
 * @module emulator/actions/sync-call
 * Synchronous calls from an Action's worker thread to the emulator's thread, for the few `api`
 * methods that are synchronous in Auth0 yet need the emulator's state (`api.cache.*`, the clock
 * seam). The worker posts the call, then blocks in `Atomics.wait` on a shared flag; the
 * emulator's thread answers on the same port and raises the flag; the worker takes the answer
 * with `receiveMessageOnPort`. The emulator's thread never blocks.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { HostCall, HostReply } from './worker-protocol.ts';

const WAITING = 0;
const ANSWERED = 1;

/** Worker side: a function that sends `call` and returns the emulator's answer, or throws its error. */
export function syncCaller(
  port: MessagePort,
  flag: SharedArrayBuffer,
): (call: HostCall) => unknown {
  const cell = new Int32Array(flag);
  return (call) => {
    Atomics.store(cell, 0, WAITING);
    port.postMessage(call);
    // Returns at once ('not-equal') if the answer came before the wait started.
    Atomics.wait(cell, 0, WAITING);
    const reply = receiveMessageOnPort(port)?.message as HostReply | undefined;
    if (!reply) throw new Error('The emulator did not answer a call from the Action');
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };
}

/**
 * Emulator side: answers every call on `port` with `answer`, until the returned function is
 * called. `answer` runs on the emulator's thread and must not block.
 */
export function serveSyncCalls(
  port: MessagePort,
  flag: SharedArrayBuffer,
  answer: (call: HostCall) => unknown,
): () => void {
  const cell = new Int32Array(flag);
  const onCall = (call: HostCall) => {
    let reply: HostReply;
    try {
      reply = { ok: true, value: answer(call) };
    } catch (e) {
      reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    Atomics.store(cell, 0, ANSWERED);
    Atomics.notify(cell, 0);
  };
  port.on('message', onCall);
  return () => port.off('message', onCall);
}
