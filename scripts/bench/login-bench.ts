/**
 * @module scripts/bench/login-bench
 * Runs the HTTP password-login comparison (emulator/bench/login-floor.ts) as a program of its
 * own — the embedded tenant is started as a program, never imported by the harness's code — and
 * reads its result file.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './spec-copies.ts';

/** One side's logins, as login-floor.ts writes them (its `LoginSeries`). */
export interface LoginSeries {
  totalsMs: number[];
  requests: { label: string; ms: number }[][];
  failed: number;
  firstError?: string;
}

/** The file login-floor.ts writes (its `LoginFloorResult`). */
export interface LoginFloorResult {
  tenant: LoginSeries;
  floor: LoginSeries;
}

export async function runLoginBench(workDir: string, logins: number): Promise<LoginFloorResult> {
  mkdirSync(workDir, { recursive: true });
  const out = join(workDir, 'logins.json');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'emulator/bench/login-floor.ts',
        '--logins',
        String(logins),
        '--out',
        out,
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`emulator/bench/login-floor.ts exited with code ${String(code)}`);
  return JSON.parse(readFileSync(out, 'utf8')) as LoginFloorResult;
}
