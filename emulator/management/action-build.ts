/**
 * @module emulator/management/action-build
 * An Action draft's asynchronous build, as Auth0 runs it: `pending` → `building` → `built`, or
 * `failed` when the code does not compile (auth0-behaviour.md §3.2 "Gotchas"); the compiler's
 * message is kept for the emulator's own diagnostics.
 */
import { compileFunction } from 'node:vm';
import type { ActionRecord } from '../tenant/store.ts';

/** Build timing seam: Auth0 takes seconds, the emulator a fraction; tests may shorten it. */
export const buildTiming = { pendingMs: 150, buildingMs: 350 };

/**
 * Compiles the code as the CommonJS module the Actions runtime wraps it in, without running it.
 * @returns `undefined` when it compiles, else `<name>.js:<line>: <Error>: <message>`, e.g.
 * `my-action.js:2: SyntaxError: Unexpected token ';'`.
 */
export function compileError(code: string, name: string): string | undefined {
  const filename = `${name}.js`;
  try {
    compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
      filename,
    });
    return undefined;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    // V8 starts a SyntaxError's stack with `filename:line`.
    const line = e.stack?.startsWith(`${filename}:`)
      ? /^\d+/.exec(e.stack.slice(filename.length + 1))?.[0]
      : undefined;
    return `${filename}${line ? `:${line}` : ''}: ${e.name}: ${e.message}`;
  }
}

/**
 * Why a draft's last build failed (`compileError`). Kept here, not in the API: Auth0 documents
 * build `errors` (`{id, msg, url}`) only on action versions (ActionVersion.errors,
 * https://auth0.com/docs/api/management/v2/actions/get-action-version), a draft that does not
 * build never becomes a version (deploy refuses it), and the Action object has no such field.
 * Whether Auth0 shows a draft's compiler message anywhere in the Management API: unconfirmed on
 * live, so the emulator does not either.
 */
const buildErrors = new WeakMap<ActionRecord, string>();

/** The compiler's message for a draft whose last build ended `failed`; for the emulator's own use. */
export function buildErrorOf(action: ActionRecord): string | undefined {
  return action.status === 'failed' ? buildErrors.get(action) : undefined;
}

const buildGeneration = new WeakMap<ActionRecord, number>();

/**
 * Starts (or restarts) the draft's build; a newer build supersedes an older one.
 * `onBuilt` runs once it has built, e.g. the body's `deploy: true` ("deploy after creation").
 */
export function startBuild(action: ActionRecord, onBuilt?: () => void): void {
  const generation = (buildGeneration.get(action) ?? 0) + 1;
  buildGeneration.set(action, generation);
  action.status = 'pending';
  const current = () => buildGeneration.get(action) === generation;
  setTimeout(() => {
    if (!current()) return;
    action.status = 'building';
    setTimeout(() => {
      if (!current()) return;
      const error = compileError(action.code, action.name);
      if (error) buildErrors.set(action, error);
      else buildErrors.delete(action);
      action.status = error ? 'failed' : 'built';
      if (!error) action.built_at = new Date().toISOString();
      if (!error) onBuilt?.();
    }, buildTiming.buildingMs).unref();
  }, buildTiming.pendingMs).unref();
}

/** Stops a draft's build in progress (the Action was deleted): its timers do nothing more. */
export function cancelBuild(action: ActionRecord): void {
  buildGeneration.delete(action);
}
