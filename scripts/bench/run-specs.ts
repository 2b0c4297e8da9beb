/**
 * @module scripts/bench/run-specs
 * Runs spec copies (spec-copies.ts) through Playwright with the bench configuration and reads
 * back one profile line per test, each tagged with the copy it ran.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProfiledTest } from './profile-reporter.ts';
import { ROOT, writeSpecCopies, type SpecCopy } from './spec-copies.ts';

export interface RanCopy extends SpecCopy {
  test: ProfiledTest;
}

export interface SpecRun {
  tests: RanCopy[];
  /** Copies that produced no result (the run stopped, a worker crashed …). */
  missing: number;
  /** Playwright's whole run, workers' start-up included. */
  wallMs: number;
}

/**
 * Writes `rounds` rounds (+ the warm-up) of `kinds` into a fresh folder under `workDir` and runs
 * them with `workers` workers.
 */
export async function runSpecCopies(opts: {
  workDir: string;
  name: string;
  rounds: number;
  kinds: SpecCopy['kind'][];
  workers: number;
}): Promise<SpecRun> {
  const dir = join(opts.workDir, opts.name);
  rmSync(dir, { recursive: true, force: true });
  const specs = join(dir, 'specs');
  const profile = join(dir, 'profile.jsonl');
  const copies = writeSpecCopies(specs, opts.rounds, opts.kinds);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/@playwright/test/cli.js'),
        'test',
        '--config',
        join(ROOT, 'scripts/bench/playwright.config.ts'),
        `--workers=${opts.workers}`,
        '--retries=0',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          E2E_TARGET: 'emulator',
          BENCH_SPECS_DIR: specs,
          BENCH_PROFILE_FILE: profile,
          ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
        },
      },
    );
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
  const wallMs = Date.now() - started;
  const lines = existsSync(profile)
    ? readFileSync(profile, 'utf8').split('\n').filter(Boolean)
    : [];
  const tests = lines.flatMap((line): RanCopy[] => {
    const test = JSON.parse(line) as ProfiledTest;
    const copy = copies.get(basename(test.file));
    return copy ? [{ ...copy, test }] : [];
  });
  return { tests, missing: copies.size - tests.length, wallMs };
}
