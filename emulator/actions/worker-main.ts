/**
 * @module emulator/actions/worker-main
 * Entry point of an Action execution's worker thread (bundled by `worker-pool.ts`). Says it is
 * ready, runs the one `ExecutionJob` it is sent, streams console lines and recorded calls as
 * they happen (so the emulator keeps them if it has to stop this thread), and posts the result.
 * The emulator terminates the thread afterwards; it is never reused.
 */
import { workerData } from 'node:worker_threads';
import { startExecution } from './execution.ts';
import { ActionSandbox } from './sandbox.ts';
import { syncCaller } from './sync-call.ts';
import { workerCache } from './worker-cache.ts';
import type { ExecutionJob, WorkerBoot, WorkerEvent } from './worker-protocol.ts';

const { events, calls, flag } = workerData as WorkerBoot;
const post = (event: WorkerEvent) => events.postMessage(event);
const call = syncCaller(calls, flag);
// Made while the worker waits as a spare, so that an execution does not pay for it.
const sandbox = new ActionSandbox((line) => post({ type: 'console', line }));

let started = false;
// A listener for the thread's whole life: the port it keeps referenced is what keeps this thread
// alive while an Action awaits something that never settles (until the emulator stops it).
events.on('message', (job: ExecutionJob) => {
  if (started) return;
  started = true;
  const execution = startExecution(
    {
      code: job.code,
      handler: job.handler,
      event: job.event,
      secrets: job.secrets,
      now: job.hostClock ? () => new Date(call({ op: 'now' }) as number) : () => new Date(),
      cache: workerCache(call),
      onRecorded: (recorded) => post({ type: 'recorded', recorded }),
    },
    sandbox,
  );
  // Only the Action's code runs in this thread: whatever escapes is the Action's failure.
  process.on('unhandledRejection', execution.fail);
  process.on('uncaughtException', execution.fail);
  void execution.done.then((result) => post({ type: 'done', result }));
});
post({ type: 'ready' });
