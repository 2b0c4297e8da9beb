/**
 * @module helpers/tenant-config/history
 * The last passing run's tenant snapshot, from the report's history (Allure 3
 * `allure-history/history.jsonl`, one line per run, its test results with their labels): each
 * journey result carries its worker's snapshot digest as the label `tenant-snapshot`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { SnapshotDigest } from './snapshot.ts';

export const SNAPSHOT_LABEL = 'tenant-snapshot';

interface HistoryRun {
  timestamp?: number;
  testResults?: Record<
    string,
    { status?: string; labels?: { name: string; value: string }[]; fullName?: string }
  >;
}

/** The newest passing journey result's snapshot digest (undefined: none recorded yet). */
export function lastPassingSnapshot(
  historyPath: string,
): { digest: SnapshotDigest; timestamp: number | undefined } | undefined {
  if (!existsSync(historyPath)) return undefined;
  const runs = readFileSync(historyPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l) as HistoryRun;
      } catch {
        return {};
      }
    })
    .sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  for (const run of runs.reverse()) {
    for (const result of Object.values(run.testResults ?? {})) {
      if (result.status !== 'passed') continue;
      const label = result.labels?.find((l) => l.name === SNAPSHOT_LABEL);
      if (!label) continue;
      try {
        return { digest: JSON.parse(label.value) as SnapshotDigest, timestamp: run.timestamp };
      } catch {
        continue;
      }
    }
  }
  return undefined;
}
