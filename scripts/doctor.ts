/**
 * `npm run doctor`: checks that the tenant in `.env` is ready for the harness, WITHOUT
 * changing it (token call and GET requests only), and prints a ✓/✗/! checklist with what to
 * fix. Exit 0 ready, 1 not ready, 2 the tenant cannot be used at all: a configuration refused
 * (e.g. a tenant not allowed), credentials refused, the tenant unreachable or too slow — then
 * ONE line naming the cause and its fix, no stack (helpers/tenant/access-error.ts).
 */
import { EnvError, liveEnv, loadConfig, type HarnessEnv } from '../helpers/config/env.ts';
import { runDoctor } from '../helpers/doctor/run-doctor.ts';
import { accessErrorLine } from '../helpers/tenant/access-error.ts';

let env: HarnessEnv | undefined;
try {
  env = liveEnv(loadConfig(), '`npm run doctor`');
  const result = await runDoctor(env);
  console.log(result.text);
  process.exitCode = result.exitCode;
} catch (err) {
  const line = accessErrorLine('doctor', err, env);
  if (line) console.error(line);
  else if (err instanceof EnvError) console.error(err.message);
  else throw err;
  process.exitCode = 2;
}
