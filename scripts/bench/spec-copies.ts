/**
 * @module scripts/bench/spec-copies
 * Playwright runs each `--repeat-each` repetition in a worker of its own (the repetition is part
 * of the worker's hash), so a repeated journey would pay for a new tenant and a new browser
 * every time — not what a run of many specs pays. The bench therefore runs COPIES of the spec
 * files, byte for byte except that their relative imports become absolute: every copy is a test
 * of the same project and the same fixtures, so one worker runs them one after the other, warm,
 * in file-name order (`r01-a-journey`, `r01-b-floor`, `r02-a-journey`, …: journey and floor
 * alternate and see the same machine load).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const JOURNEY_SPEC = join(ROOT, 'e2e/biometric-first-login.spec.ts');
export const FLOOR_SPEC = join(ROOT, 'scripts/bench/floor/navigation-floor.spec.ts');

/** The spec's text with every relative import made absolute (to the original's folder). */
export function withAbsoluteImports(specPath: string): string {
  const dir = dirname(specPath);
  return readFileSync(specPath, 'utf8').replace(
    /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]+)\2/g,
    (_m, lead: string, quote: string, spec: string) =>
      `${lead}${quote}${resolve(dir, spec)}${quote}`,
  );
}

/** What one copy is: which spec, and its place in the run. */
export interface SpecCopy {
  kind: 'journey' | 'floor';
  /** 0 is the warm-up (the worker's tenant, browser and deployment start in it). */
  round: number;
}

/**
 * Writes the copies for `rounds` rounds (plus the warm-up round 0) into `dir`, one file per
 * test, and returns the file name of each copy.
 */
export function writeSpecCopies(
  dir: string,
  rounds: number,
  kinds: SpecCopy['kind'][],
): Map<string, SpecCopy> {
  mkdirSync(dir, { recursive: true });
  const text = {
    journey: withAbsoluteImports(JOURNEY_SPEC),
    floor: withAbsoluteImports(FLOOR_SPEC),
  };
  const copies = new Map<string, SpecCopy>();
  for (let round = 0; round <= rounds; round++) {
    kinds.forEach((kind, i) => {
      const name = `r${String(round).padStart(3, '0')}-${String.fromCharCode(97 + i)}-${kind}.spec.ts`;
      writeFileSync(join(dir, name), text[kind]);
      copies.set(name, { kind, round });
    });
  }
  return copies;
}
