/**
 * @module test-app/main
 * `npm run test-app`: serves the relying party on `TEST_APP_PORT` for the configured target.
 */
import { loadEnv } from '../helpers/env.ts';
import { createTestApp } from './server.ts';

const env = loadEnv();
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
