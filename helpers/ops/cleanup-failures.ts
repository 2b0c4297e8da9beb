/**
 * @module helpers/ops/cleanup-failures
 * Cleanup never changes a verdict. When deleting a test user or restoring the tenant fails, the
 * failure is reported apart — a line appended to the run-level file `.tmp/cleanup-failures.jsonl`
 * (and, for a test user, an attachment and an annotation on its test) — instead of failing a
 * test whose verdicts held (reliability audit §2(b) 3). What is left stays findable: a test user
 * keeps its `app_metadata.e2e_harness` marker for `npm run sweep`; the tenant keeps the lease
 * with its restore plan, which the next run applies.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The run-level file of cleanup failures, one JSON object a line. */
export const CLEANUP_FAILURES_FILE = fileURLToPath(
  new URL('../../.tmp/cleanup-failures.jsonl', import.meta.url),
);

export interface CleanupFailure {
  /** What could not be cleaned up. */
  what: 'test user' | 'tenant';
  /** The test user's email, or the tenant's domain. */
  subject: string;
  /** Short reason: status and Auth0's message, or the network error. */
  error: string;
  /** What to do about it. */
  fix: string;
  run: string;
  /** Title of the test, for a test user. */
  test?: string;
}

/** One line for people: what was left, why, and what to run. */
export function describeCleanupFailure(f: CleanupFailure): string {
  return f.what === 'test user'
    ? `test user ${f.subject} could not be deleted (${f.error}): ${f.fix}`
    : `the tenant ${f.subject} could not be fully restored (${f.error}): ${f.fix}`;
}

/** Appends the failure to `file` (the run-level file by default); returns its line for people. */
export function recordCleanupFailure(
  failure: CleanupFailure,
  file: string = CLEANUP_FAILURES_FILE,
): string {
  const line = describeCleanupFailure(failure);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), ...failure, message: line })}\n`,
  );
  return line;
}

/**
 * A Management API error in a few words: `429 Too many requests…`, or the network cause
 * (`ECONNREFUSED`), never a body's token or a stack.
 */
export function shortError(err: unknown): string {
  const e = err as {
    statusCode?: unknown;
    body?: { message?: unknown; error?: unknown };
    message?: unknown;
  } | null;
  if (typeof e?.statusCode === 'number') {
    const said = e.body?.message ?? e.body?.error;
    return `${e.statusCode}${typeof said === 'string' ? ` ${said}` : ''}`;
  }
  const code = causeCode(err);
  const first = (typeof e?.message === 'string' ? e.message : String(err)).split('\n')[0] ?? '';
  return code && !first.includes(code) ? `${first} (${code})` : first;
}

/** The first `code` (ECONNREFUSED, ENOTFOUND, …) along an error's `cause` chain. */
export function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
