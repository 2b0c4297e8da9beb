/**
 * @module helpers/doctor/run-doctor/check
 * One line of the doctor's checklist (✓ ready, ✗ must be fixed, ! could not be checked or a
 * risk), the exit code and the text of the checklist.
 */
import type { HarnessEnv } from '../config/env.ts';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface Check {
  status: CheckStatus;
  title: string;
  /** What was found. */
  detail?: string;
  /** What to do about it (fail and warn only). */
  fix?: string;
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!' };

/** Exit code of the doctor: 1 when any check failed. */
export function exitCodeOf(checks: readonly Check[]): 0 | 1 {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

/** The checklist as text. */
export function renderChecklist(
  env: Pick<HarnessEnv, 'domain' | 'target'>,
  checks: readonly Check[],
): string {
  const lines = [`Harness readiness of ${env.domain} (${env.target}):`, ''];
  for (const c of checks) {
    lines.push(`  ${MARK[c.status]} ${c.title}${c.detail ? `: ${c.detail}` : ''}`);
    if (c.fix && c.status !== 'pass') lines.push(`      fix: ${c.fix}`);
  }
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  lines.push(
    '',
    exitCodeOf(checks) === 0
      ? `READY: ${count('pass')} ✓, ${count('warn')} ! (warnings do not block).`
      : `NOT READY: ${count('fail')} ✗ to fix, ${count('warn')} !, ${count('pass')} ✓.`,
  );
  return lines.join('\n');
}
