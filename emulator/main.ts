/**
 * @module emulator/main
 * `npm run tenant`: starts the embedded Auth0 tenant in the foreground.
 */
import { config as loadDotenv } from 'dotenv';
import { fromEnv, ConfigError } from './config.ts';
import { startEmulator } from './app.ts';

loadDotenv({ quiet: true });

try {
  const config = fromEnv(process.env);
  const emulator = await startEmulator(config);
  console.log(
    `auth0 emulator listening on ${emulator.origin} (user reads: ${config.userReads}, ` +
      `rate limit: ${config.rateLimit})`,
  );
  const stop = () => {
    void emulator.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`EMULATOR_PORT is already in use: ${(err as Error).message}`);
    process.exit(2);
  }
  throw err;
}
