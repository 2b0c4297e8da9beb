/**
 * `npm run report`: builds the Allure 3 single-file report from `allure-results/`, strips the
 * analytics tag the awesome plugin always embeds (the report must open offline and send
 * nothing anywhere), keeps run history in `allure-history/history.jsonl` (cache that path in
 * CI for the nightly trend), and prints the report's path.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildReport } from '../helpers/report.ts';

const resultsDir = resolve(process.argv[2] ?? 'allure-results');
if (!existsSync(resultsDir) || readdirSync(resultsDir).length === 0) {
  console.error(
    `No Allure results in ${resultsDir}: run \`npm run e2e\` (or \`npx playwright test\`) first.`,
  );
  process.exit(2);
}
mkdirSync('allure-history', { recursive: true });
const file = await buildReport({
  resultsDirs: [resultsDir],
  outputDir: resolve('allure-report'),
  historyPath: resolve('allure-history', 'history.jsonl'),
});
console.log(`Allure report (single file, opens offline): ${file}`);
