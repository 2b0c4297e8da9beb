/**
 * @module emulator/main
 * `npm run tenant`: starts the embedded Auth0 tenant in the foreground, seeded from the same
 * `.env` the harness reads. Prints one line, `auth0 emulator listening on <origin> (…)`, once it
 * serves (with `EMULATOR_PORT=0`, the port the system chose), and with `EMULATOR_HTTPS=1` the
 * certificate to trust. Stops on SIGINT/SIGTERM, and when started by another process through
 * an IPC channel (the harness starts one tenant per worker that way), when that process goes.
 *
 * `npm run tenant -- --tls-cert`: only makes sure the HTTPS certificate exists, prints its
 * path and exits (what a client must trust before it starts: `NODE_EXTRA_CA_CERTS`).
 */
import { config as loadDotenv } from 'dotenv';
import { fromEnv, ConfigError } from './config.ts';
import { startEmulator } from './app.ts';
import { ensureTenantTls } from './tls.ts';

loadDotenv({ quiet: true });

try {
  const config = fromEnv(process.env);
  if (process.argv.includes('--tls-cert')) {
    const tls = await ensureTenantTls(config.tlsDir);
    console.log(tls.certPath);
    process.exit(0);
  }
  const emulator = await startEmulator(config);
  console.log(
    `auth0 emulator listening on ${emulator.origin} (user reads: ${config.userReads}, ` +
      `rate limit: ${config.rateLimit})`,
  );
  if (config.spa) {
    console.log(
      `  single-page application ${config.spa.clientId} for ${config.spa.origins.join(', ')}`,
    );
  }
  if (emulator.tls) {
    console.log(
      `  TLS certificate for localhost${emulator.tls.created ? ' (generated now)' : ''}: ${emulator.tls.certPath}\n` +
        `  trust it with NODE_EXTRA_CA_CERTS=${emulator.tls.certPath}`,
    );
  }
  const stop = () => {
    void emulator.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by another process with an IPC channel: never outlive it (a killed runner must not
  // leave a tenant behind on its port).
  if (process.send) process.once('disconnect', stop);
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
