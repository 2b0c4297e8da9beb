/**
 * `npm run e2e`: the main job. Runs the biometric first-login journey against the target in
 * `.env` (the embedded emulator by default), then builds the single-file Allure report and
 * prints its path last. Exits with the journey's status.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvError, loadConfig } from '../helpers/config/env.ts';
import { buildReport } from '../helpers/report/report.ts';
import { prepareResultsDir, ResultsDirError } from '../helpers/config/results-dir.ts';

let resultsDir: string;
try {
  // Emptied only if it holds nothing but a previous run's results (helpers/config/results-dir.ts).
  resultsDir = prepareResultsDir(loadConfig().allureResultsDir, process.cwd());
} catch (err) {
  if (!(err instanceof ResultsDirError) && !(err instanceof EnvError)) throw err;
  console.error(err.message);
  process.exit(2);
}

const run = spawnSync(
  'npx',
  ['playwright', 'test', '--project=journey', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
const status = run.status ?? 1;

mkdirSync('allure-history', { recursive: true });
try {
  const file = await buildReport({
    resultsDirs: [resultsDir],
    outputDir: resolve('allure-report'),
    historyPath: resolve('allure-history', 'history.jsonl'),
  });
  console.log(`\nJourney ${status === 0 ? 'passed' : 'FAILED'}. Allure report: ${file}`);
} catch (err) {
  console.error(`Could not build the Allure report: ${(err as Error).message}`);
  process.exit(status || 1);
}
process.exit(status);
