/**
 * `npm run sweep -- [--older-than 24h] [--yes]`: deletes the marked test users a killed run
 * left on the tenant in `.env` (helpers/sweep.ts); a dry run unless `--yes`.
 * Exit 0 done, 1 some deletions failed, 2 bad flags or an unusable configuration.
 */
import { EnvError, liveEnv, loadConfig } from '../helpers/env.ts';
import { parseSweepArgs, runSweep, SWEEP_USAGE, SweepUsageError } from '../helpers/sweep.ts';

try {
  const options = parseSweepArgs(process.argv.slice(2));
  if (options.help) {
    console.log(SWEEP_USAGE);
  } else {
    const result = await runSweep(liveEnv(loadConfig(), '`npm run sweep`'), options);
    process.exitCode = result.failed.length > 0 ? 1 : 0;
  }
} catch (err) {
  if (err instanceof SweepUsageError) {
    console.error(`${err.message}\n\n${SWEEP_USAGE}`);
    process.exitCode = 2;
  } else if (err instanceof EnvError) {
    console.error(err.message);
    process.exitCode = 2;
  } else throw err;
}
