/**
 * @module helpers/capture/fidelity
 * `npm run fidelity -- <capture.json> [--reference <capture.json>]`: compares a capture (from a
 * live tenant) with what the embedded tenant shows on the same journey, and prints every
 * difference. Exit 0 on none, 1 otherwise, 2 when it could not compare.
 *
 * The embedded tenant's side is produced fresh by default: the capture's journey (its spec file
 * and title) runs against an embedded tenant in a child Playwright process, capture on, and its
 * `ul-capture.json` is the reference. A reference kept in the repository would go stale silently
 * whenever the emulator's screens change, and they do; a fresh run costs about a minute.
 * `--reference` compares with a capture at hand instead (two live runs, or a test).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareCaptures, formatDifference, type Difference } from './compare.ts';
import { CAPTURE_FORMAT, type UlCapture } from './types.ts';

/** Why a comparison could not be made (exit 2). */
export class FidelityError extends Error {
  override name = 'FidelityError';
}

/** Reads and checks a capture file. */
export function loadCapture(file: string): UlCapture {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FidelityError(`cannot read ${file}: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  const c = data as Partial<UlCapture>;
  if (c.format !== CAPTURE_FORMAT || !Array.isArray(c.logins) || !c.journey?.file) {
    throw new FidelityError(`${file} is not a ${CAPTURE_FORMAT} capture (ul-capture.json)`);
  }
  return c as UlCapture;
}

/** Escapes a test title for `--grep`. */
function grepFor(title: string): string {
  return title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every `ul-capture.json` under `dir`. */
function capturesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('ul-capture.json'))
    .map((f) => join(dir, f));
}

/**
 * Runs the capture's journey on an embedded tenant (child Playwright process) and returns the
 * path of its capture.
 * @param outDir where the child writes its results (kept for the user).
 */
export function embeddedCaptureOf(capture: UlCapture, outDir: string): string {
  if (!existsSync(capture.journey.file)) {
    throw new FidelityError(
      `the capture's journey ${capture.journey.file} is not in this checkout`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const results = join(outDir, 'results');
  const run = spawnSync(
    'npx',
    [
      'playwright',
      'test',
      capture.journey.file,
      '--project=journey',
      '--workers=1',
      `--grep=${grepFor(capture.journey.title)}`,
      `--output=${results}`,
      '--reporter=line',
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        E2E_TARGET: 'emulator',
        ALLURE_RESULTS_DIR: join(outDir, 'allure-results'),
      },
      timeout: 600_000,
    },
  );
  const [found] = capturesUnder(results);
  if (!found) {
    const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new FidelityError(
      `the journey on the embedded tenant left no capture (exit ${run.status ?? 'none'}):\n${tail}`,
    );
  }
  if (run.status !== 0) {
    console.log(
      `(the journey on the embedded tenant failed, exit ${run.status}; comparing what it saw)`,
    );
  }
  return found;
}

/** The printed comparison and its exit code. */
export function fidelityReport(
  live: UlCapture,
  liveFile: string,
  embedded: UlCapture,
  embeddedFile: string,
): { text: string; exitCode: 0 | 1; differences: Difference[] } {
  const differences = compareCaptures(live, embedded);
  const lines = [
    `live:     ${liveFile} (target ${live.target}, tenant ${live.tenant})`,
    `embedded: ${embeddedFile} (target ${embedded.target}, tenant ${embedded.tenant})`,
    `journey:  ${live.journey.file} › ${live.journey.title}`,
    '',
    differences.length === 0
      ? 'No difference: the embedded tenant shows what the capture saw.'
      : `${differences.length} difference(s):`,
    ...differences.map((d) => `  ${formatDifference(d)}`),
  ];
  return { text: lines.join('\n'), exitCode: differences.length === 0 ? 0 : 1, differences };
}

/** The command line: `<capture.json> [--reference <capture.json>]`; returns the exit code. */
export function runFidelity(argv: string[]): number {
  const usage = 'usage: npm run fidelity -- <capture.json> [--reference <capture.json>]';
  const args = [...argv];
  const r = args.indexOf('--reference');
  const referenceFile = r >= 0 ? args.splice(r, 2)[1] : undefined;
  const [liveFile, ...rest] = args;
  if (!liveFile || rest.length > 0 || (r >= 0 && !referenceFile)) {
    console.error(usage);
    return 2;
  }
  try {
    const live = loadCapture(liveFile);
    let embeddedFile = referenceFile;
    if (!embeddedFile) {
      const out = resolve('.tmp', 'fidelity', Date.now().toString(36));
      console.log(`Running "${live.journey.title}" on an embedded tenant (about a minute)…`);
      embeddedFile = embeddedCaptureOf(live, out);
    }
    const report = fidelityReport(live, liveFile, loadCapture(embeddedFile), embeddedFile);
    console.log(report.text);
    return report.exitCode;
  } catch (err) {
    if (!(err instanceof FidelityError)) throw err;
    console.error(err.message);
    return 2;
  }
}
