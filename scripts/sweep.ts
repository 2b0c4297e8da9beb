/**
 * `npm run sweep -- [--older-than 24h] [--yes]`: deletes the marked test users a killed run
 * left on the tenant in `.env` (helpers/ops/sweep.ts); a dry run unless `--yes`.
 * Exit 0 done, 1 some deletions failed, 2 bad flags or a tenant that cannot be used at all (a
 * configuration refused, e.g. a tenant not allowed; credentials refused; the tenant unreachable
 * or too slow) — then ONE line naming the cause and its fix, no stack
 * (helpers/tenant/access-error.ts).
 */
import { EnvError, liveEnv, loadConfig, type HarnessEnv } from '../helpers/config/env.ts';
import { parseSweepArgs, runSweep, SWEEP_USAGE, SweepUsageError } from '../helpers/ops/sweep.ts';
import { accessErrorLine } from '../helpers/tenant/access-error.ts';

let env: HarnessEnv | undefined;
try {
  const options = parseSweepArgs(process.argv.slice(2));
  if (options.help) {
    console.log(SWEEP_USAGE);
  } else {
    env = liveEnv(loadConfig(), '`npm run sweep`');
    const result = await runSweep(env, options);
    process.exitCode = result.failed.length > 0 ? 1 : 0;
  }
} catch (err) {
  const line = accessErrorLine('sweep', err, env);
  if (err instanceof SweepUsageError) console.error(`${err.message}\n\n${SWEEP_USAGE}`);
  else if (line) console.error(line);
  else if (err instanceof EnvError) console.error(err.message);
  else throw err;
  process.exitCode = 2;
}
