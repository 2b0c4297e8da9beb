/**
 * @module helpers/report/artifact-scrub
 * Makes Playwright's own artifacts safe to hand out: the trace (`trace.zip`: DOM snapshots,
 * network bodies, action parameters), `error-context.md`, HAR files and any other text file.
 * Every entry is rewritten with the run's secrets (known values, handed over by the worker: see
 * `writeHandover`) and every secret-shaped value (JWT, `otpauth://` URI, authorization code,
 * cookies) replaced, and every `data:image/…` URL (the OTP enrollment QR code encodes the TOTP
 * secret) blanked. Synchronous, for a reporter's `onTestEnd`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redactor, type SecretLabel } from './redact.ts';
import { readZip, writeZip } from './zip.ts';

const DATA_IMAGE = /data:image\/[a-z0-9.+-]+(?:;[a-z0-9=.+-]+)*,[A-Za-z0-9+/=%._~-]*/gi;
/** A transparent 1×1 GIF: a blanked image still renders as an image. */
export const BLANK_IMAGE =
  'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const SENSITIVE_HEADER = /^(?:cookie|set-cookie|authorization|proxy-authorization)$/i;

/** What the scrub replaced, for the log line and the tests. */
export interface ScrubStats {
  entries: number;
  changed: number;
}

/** Replaces the secrets and secret-shaped values in one text; JSON- and HTML-safe. */
export function scrubText(text: string, redactor: Redactor): string {
  return redactor.redact(text).replace(DATA_IMAGE, BLANK_IMAGE);
}

/** Blanks cookie and authorization header values anywhere in a parsed HAR / trace network event. */
function scrubHeaders(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) scrubHeaders(v);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.name === 'string' && typeof o.value === 'string' && SENSITIVE_HEADER.test(o.name)) {
    o.value = '[REDACTED]';
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === 'cookies' && Array.isArray(v)) {
      for (const c of v)
        if (c && typeof c === 'object') (c as { value?: unknown }).value = '[REDACTED]';
    } else scrubHeaders(v);
  }
}

/** Scrubs one line of JSON (or any text, when it is not JSON). */
function scrubJsonLine(line: string, redactor: Redactor): string {
  if (!line.trim()) return line;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return scrubText(line, redactor);
  }
  scrubHeaders(parsed);
  const out = scrubText(JSON.stringify(parsed), redactor);
  // Cannot happen with the JSON-safe patterns above; a broken line is dropped, never kept raw.
  try {
    JSON.parse(out);
    return out;
  } catch {
    return JSON.stringify({ type: 'redacted', note: 'line removed by the artifact scrub' });
  }
}

/** Whether a buffer is text worth scrubbing (no NUL byte in its first 8 KB). */
function isText(data: Buffer): boolean {
  return !data.subarray(0, 8192).includes(0);
}

function scrubEntry(name: string, data: Buffer, redactor: Redactor): Buffer {
  if (!isText(data)) return data;
  const text = data.toString('utf8');
  const jsonLines = /\.(?:trace|network|stacks)$/.test(name);
  const out = jsonLines
    ? text
        .split('\n')
        .map((l) => scrubJsonLine(l, redactor))
        .join('\n')
    : /\.(?:har|json)$/.test(name)
      ? scrubJsonDocument(text, redactor)
      : scrubText(text, redactor);
  return Buffer.from(out, 'utf8');
}

function scrubJsonDocument(text: string, redactor: Redactor): string {
  try {
    const parsed: unknown = JSON.parse(text);
    scrubHeaders(parsed);
    return scrubText(JSON.stringify(parsed), redactor);
  } catch {
    return scrubText(text, redactor);
  }
}

/** Rewrites a Playwright trace archive: every entry scrubbed. */
export function scrubTraceZip(path: string, redactor: Redactor): ScrubStats {
  const all = readZip(readFileSync(path));
  // Screencast frames are pictures of the pages (the TOTP secret on the code screen): the config
  // turns them off; should they be on, they are dropped, never kept unscrubbed.
  const entries = all.filter((e) => !e.name.startsWith('screencast/'));
  let changed = all.length - entries.length;
  const out = entries.map((e) => {
    const data = scrubEntry(e.name, e.data, redactor);
    if (!data.equals(e.data)) changed++;
    return { name: e.name, data };
  });
  writeFileSync(path, writeZip(out));
  return { entries: all.length, changed };
}

/** Scrubs a file in place by its kind: trace zip, HAR/JSON, other text; binaries are left. */
export function scrubFile(path: string, redactor: Redactor): ScrubStats {
  if (!existsSync(path)) return { entries: 0, changed: 0 };
  const data = readFileSync(path);
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    return scrubTraceZip(path, redactor);
  const out = scrubEntry(path, data, redactor);
  if (out.equals(data)) return { entries: 1, changed: 0 };
  writeFileSync(path, out);
  return { entries: 1, changed: 1 };
}

// --- Handing the worker's secrets to the reporter -------------------------------------------

/**
 * Environment variable through which the scrub reporter tells the workers it forked where to
 * hand over their secrets: `<runner pid>:<private directory>`. A worker trusts it only when the
 * pid is its parent's, so a nested Playwright run never writes into another run's directory.
 */
export const HANDOVER_ENV = 'E2E_ARTIFACT_SCRUB';

/** The handover directory when this process is a worker of a runner that scrubs artifacts. */
export function handoverDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[HANDOVER_ENV];
  const m = v ? /^(\d+):(.+)$/.exec(v) : null;
  if (!m || Number(m[1]) !== process.ppid) return undefined;
  return m[2];
}

/** Whether this worker's artifacts will be scrubbed (traces may be recorded). */
export function artifactsAreScrubbed(): boolean {
  return handoverDir() !== undefined;
}

const fileOf = (dir: string, testId: string, retry: number) =>
  join(dir, `${testId.replace(/[^A-Za-z0-9_-]/g, '_')}-${retry}.json`);

/** Worker side: leaves the test's secrets for the reporter (mode 0600, deleted by the reader). */
export function writeHandover(
  testId: string,
  retry: number,
  secrets: { value: string; label: SecretLabel }[],
): void {
  const dir = handoverDir();
  if (!dir) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = fileOf(dir, testId, retry);
  // Written aside, then renamed (atomic on one file system): the reporter reads this file at
  // every step end, and once read half-written it failed the run ("Unexpected end of JSON input").
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(secrets), { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
}

/** Reporter side: the secrets a test's worker handed over (empty when none). */
export function readHandover(
  dir: string,
  testId: string,
  retry: number,
): { value: string; label: SecretLabel }[] {
  const file = fileOf(dir, testId, retry);
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as { value: string; label: SecretLabel }[];
}

export const handoverFile = fileOf;
