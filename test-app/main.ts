/**
 * @module test-app/main
 * `npm run test-app`: serves the relying party on the callback's port for the live tenant of
 * `.env`, to sign in by hand in a real browser (the harness starts its own in each worker).
 */
import { EnvError, liveEnv, loadConfig, type HarnessEnv } from '../helpers/config/env.ts';
import { createTestApp } from './server.ts';

let env: HarnessEnv;
try {
  env = liveEnv(loadConfig(), '`npm run test-app`');
} catch (err) {
  if (!(err instanceof EnvError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const app = createTestApp(env);
try {
  const url = await app.listen();
  console.log(`test app listening on ${url} (tenant ${env.origin}, target ${env.target})`);
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`TEST_APP_PORT ${env.testAppPort} is already in use`);
    process.exit(2);
  }
  throw err;
}
const stop = () => {
  void app.close().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
