/**
 * @module emulator/bench/login-floor
 * `node --import tsx emulator/bench/login-floor.ts --out FILE [--logins N]`, run by
 * `npm run bench`:
 * password logins over plain HTTP through an embedded tenant (in this process, no Action bound,
 * no MFA) and through the bare oidc-provider floor (bare-provider.ts), with the same user, the
 * same password hashing and the same driver (http-login.ts), alternated one for one so that
 * both see the same machine load. Writes one JSON object (`LoginFloorResult`) to FILE (stdout
 * carries oidc-provider's own warnings).
 */
import { writeFileSync } from 'node:fs';
import { startEmulator } from '../app.ts';
import { fromEnv } from '../config.ts';
import { createUser } from '../tenant/users.ts';
import { startBareProvider } from './bare-provider.ts';
import { httpLogin, type LoginTarget, type TimedRequest } from './http-login.ts';

/** One side's logins: total milliseconds per login and each request's, failures counted. */
export interface LoginSeries {
  totalsMs: number[];
  requests: TimedRequest[][];
  failed: number;
  firstError?: string;
}

export interface LoginFloorResult {
  tenant: LoginSeries;
  floor: LoginSeries;
}

const EMAIL = 'bench-login@example.com';
// A made-up test password (policy "good": 3 of 4 classes); never a real user's.
const PASSWORD = 'Bench-Login-Passw0rd';
/** Not requested: the driver stops at the callback's URL. */
const REDIRECT_URI = 'http://localhost:1/callback';
const WARMUP = 20;

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const logins = Number(option('--logins') ?? 200);
const out = option('--out');
if (!Number.isInteger(logins) || logins < 1 || logins > 10_000 || !out) {
  console.error('usage: login-floor.ts --out FILE [--logins 1..10000]');
  process.exit(2);
}

const tenant = await startEmulator({
  ...fromEnv({ AUTH0_CALLBACK_URL: REDIRECT_URI }),
  port: 0,
  https: false,
});
await createUser(tenant.context.tenant, {
  email: EMAIL,
  password: PASSWORD,
  connection: tenant.context.tenant.connection.name,
});
const floor = await startBareProvider({
  email: EMAIL,
  password: PASSWORD,
  redirectUri: REDIRECT_URI,
});

const { app } = tenant.context.config;
const targets: Record<keyof LoginFloorResult, LoginTarget> = {
  tenant: {
    authorizeUrl: `${tenant.origin}/authorize`,
    tokenUrl: `${tenant.origin}/oauth/token`,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: REDIRECT_URI,
    email: EMAIL,
    password: PASSWORD,
  },
  floor: {
    authorizeUrl: floor.authorizeUrl,
    tokenUrl: floor.tokenUrl,
    clientId: floor.client.id,
    clientSecret: floor.client.secret,
    redirectUri: REDIRECT_URI,
    email: EMAIL,
    password: PASSWORD,
  },
};
const result: LoginFloorResult = {
  tenant: { totalsMs: [], requests: [], failed: 0 },
  floor: { totalsMs: [], requests: [], failed: 0 },
};

for (let i = 0; i < WARMUP + logins; i++) {
  // Alternate which goes first, so neither always runs right after the other's garbage.
  const order: (keyof LoginFloorResult)[] = i % 2 ? ['tenant', 'floor'] : ['floor', 'tenant'];
  for (const side of order) {
    const series = result[side];
    try {
      const requests = await httpLogin(targets[side]);
      if (i < WARMUP) continue;
      series.requests.push(requests);
      series.totalsMs.push(requests.reduce((sum, r) => sum + r.ms, 0));
    } catch (err) {
      if (i < WARMUP) continue;
      series.failed += 1;
      series.firstError ??= String(err);
    }
  }
}

await floor.close();
await tenant.close();
writeFileSync(out, JSON.stringify(result));
