/**
 * `npm run doctor`: checks that the tenant in `.env` is ready for the harness, WITHOUT
 * changing it (token call and GET requests only), and prints a ✓/✗/! checklist with what to
 * fix. Exit 0 ready, 1 not ready, 2 unusable configuration (e.g. a tenant not allowed).
 */
import { EnvError, liveEnv, loadConfig } from '../helpers/env.ts';
import { runDoctor } from '../helpers/doctor.ts';

try {
  const result = await runDoctor(liveEnv(loadConfig(), '`npm run doctor`'));
  console.log(result.text);
  process.exitCode = result.exitCode;
} catch (err) {
  if (!(err instanceof EnvError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
