/**
 * `npm run report [results-dir …]`: builds the Allure 3 single-file report from
 * `allure-results/` (or the given directories, e.g. one per CI shard, merged into one report),
 * strips the analytics tag the awesome plugin always embeds (the report must open offline and
 * send nothing anywhere), keeps run history in `allure-history/history.jsonl` (cache that path
 * in CI for the nightly trend), and prints the report's path.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../helpers/config/env.ts';
import { buildReport } from '../helpers/report/report.ts';

const dirs = (
  process.argv.length > 2 ? process.argv.slice(2) : [loadConfig().allureResultsDir]
).map((d) => resolve(d));
const missing = dirs.filter((d) => !existsSync(d) || readdirSync(d).length === 0);
if (missing.length > 0) {
  console.error(
    `No Allure results in ${missing.join(', ')}: run \`npm run e2e\` (or \`npx playwright test\`) first.`,
  );
  process.exit(2);
}
mkdirSync('allure-history', { recursive: true });
const file = await buildReport({
  resultsDirs: dirs,
  outputDir: resolve('allure-report'),
  historyPath: resolve('allure-history', 'history.jsonl'),
});
console.log(`Allure report (single file, opens offline): ${file}`);
