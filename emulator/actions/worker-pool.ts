/**
 * @module emulator/actions/worker-pool
 * Worker threads for Action executions, started ahead of need. Each worker runs ONE execution
 * and is then terminated, so nothing an Action leaves behind can reach another execution: a
 * patched builtin, or a callback still to come (a `crypto` or WebCrypto job, a `fetch`,
 * `Atomics.waitAsync`, a `FinalizationRegistry`) that could busy-loop in the next execution's
 * time. Such leftovers cannot all be detected, so a worker is never reused. Starting one costs
 * about 50 ms of CPU (more on a busy machine), so one is kept warm (started, loaded, idle and not
 * keeping the process alive) for the next execution; the first execution of a process also
 * builds the bundle.
 *
 * The worker's code is `worker-main.ts` and what it imports, bundled once per process with
 * esbuild (what tsx itself uses) into one CommonJS script: a worker does not inherit the
 * TypeScript loader of its parent (tsx, Playwright), and loading one per worker costs 0.3–0.9 s.
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { WorkerBoot, WorkerEvent } from './worker-protocol.ts';

/**
 * Heap limit of one execution. Auth0 documents no memory limit for Actions
 * (https://auth0.com/docs/customize/actions/limitations); this one only keeps a runaway Action
 * from taking the emulator's memory. Unconfirmed on live.
 */
export const ACTION_MEMORY_LIMIT_MB = 128;

/** A started worker that said it is ready, with its two ports. */
export interface ActionWorker {
  worker: Worker;
  /** `WorkerEvent`s from the worker; the job goes to it. */
  events: MessagePort;
  /** Synchronous host calls (`sync-call.ts`). */
  calls: MessagePort;
  flag: SharedArrayBuffer;
}

let bundled: Promise<string> | undefined;

/** The worker's script: `worker-main.ts` and its imports as one CommonJS bundle (built once). */
function workerScript(): Promise<string> {
  bundled ??= (async () => {
    const { buildSync } = await import('esbuild');
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL('./worker-main.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const text = out.outputFiles[0]?.text;
    if (text === undefined) throw new Error('esbuild produced no bundle for the Actions worker');
    return text;
  })().catch((e: unknown) => {
    bundled = undefined;
    throw e;
  });
  return bundled;
}

/** Starts a worker and resolves once it is ready; idle, it does not keep the process alive. */
async function spawn(): Promise<ActionWorker> {
  const script = await workerScript();
  const events = new MessageChannel();
  const calls = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const boot: WorkerBoot = { events: events.port2, calls: calls.port2, flag };
  const worker = new Worker(script, {
    eval: true,
    workerData: boot,
    transferList: [events.port2, calls.port2],
    resourceLimits: { maxOldGenerationSizeMb: ACTION_MEMORY_LIMIT_MB, stackSizeMb: 4 },
    // Not the parent's loader flags (tsx, Playwright): the bundle is plain JavaScript.
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`the Actions worker exited with code ${code} before it was ready`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    events.port1.once('message', (event: WorkerEvent) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (event.type === 'ready') resolve();
      else reject(new Error(`the Actions worker sent ${event.type} before it was ready`));
    });
  });
  await ready;
  idle({ worker, events: events.port1, calls: calls.port1, flag });
  return { worker, events: events.port1, calls: calls.port1, flag };
}

/** A worker that waits (for its job, or to be terminated) must not keep the process alive. */
export function idle(w: ActionWorker): void {
  w.worker.unref();
  w.events.unref();
  w.calls.unref();
}

/** A worker that runs an execution keeps the process alive, as the caller's `await` expects. */
function busy(w: ActionWorker): void {
  w.worker.ref();
  w.events.ref();
  w.calls.ref();
}

/**
 * Workers kept started and idle. One: a second one would help only executions that follow each
 * other at once (two Actions bound in one login), and starting two at a time on a busy machine
 * makes those slower, not faster (measured: 285 vs 405 ms median back to back, load 12 on 2 cores).
 */
const WARM_WORKERS = 1;

const spares: Promise<ActionWorker>[] = [];

/**
 * Starts workers until `WARM_WORKERS` are waiting. Called once an execution has ended, so that
 * starting them does not take CPU from the execution itself.
 */
export function prepareSpares(): void {
  while (spares.length < WARM_WORKERS) {
    const next = spawn();
    // A spare that failed to start is replaced when it is taken; never an unhandled rejection.
    next.catch(() => {});
    spares.push(next);
  }
}

/**
 * A ready worker for one execution: a warm spare, or a new one.
 * @throws when no worker can be started.
 */
export async function takeWorker(): Promise<ActionWorker> {
  const taken = spares.shift();
  let w: ActionWorker;
  try {
    if (!taken) throw new Error('no spare');
    w = await taken;
  } catch {
    w = await spawn();
  }
  busy(w);
  return w;
}
