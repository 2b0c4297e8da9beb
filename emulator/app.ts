/**
 * @module emulator/app
 * Composes the embedded tenant: oidc-provider on Auth0's paths, Universal Login, the
 * Management API and the control surface, on one HTTP server bound to `localhost`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { EmulatorConfig } from './config.ts';
import type { EmulatorContext } from './context.ts';
import { generateSigningKeys } from './keys.ts';
import { Router } from './http/router.ts';
import { createProvider } from './oidc/provider.ts';
import { continueRoutes } from './login/continue.ts';
import { universalLoginRoutes } from './login/routes.ts';
import { managementRoutes } from './management/routes.ts';
import { controlRoutes } from './control/routes.ts';
import { Tenant } from './tenant/store.ts';
import { ensureTenantTls, type TenantTls } from './tls.ts';

export interface Emulator {
  readonly context: EmulatorContext;
  readonly provider: Provider;
  readonly origin: string;
  /** The certificate served when `config.https` is on. */
  readonly tls: TenantTls | undefined;
  close(): Promise<void>;
}

/**
 * Starts an emulated tenant. `config.port` 0 picks a free port (tests); the origin is always
 * `localhost` because WebAuthn rejects IP-address RP IDs, over HTTPS when `config.https` is on.
 */
export async function startEmulator(config: EmulatorConfig): Promise<Emulator> {
  // The port must be known before the issuer can be, so the server listens first; until the
  // tenant is ready every request gets 503 (a probe must never hang on a handler-less server).
  const ready: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const early = (req: IncomingMessage, res: ServerResponse) => {
    if (ready.handle) return ready.handle(req, res);
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ status: 'starting' }));
  };
  const tls = config.https ? await ensureTenantTls(config.tlsDir) : undefined;
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, early)
    : createServer(early);
  // Node closes an idle keep-alive connection after 5 s. A client whose event loop is busy when
  // that timer fires (a loaded CI runner, or a test holding its tenant in the same process) can
  // send its next request on a socket the server is closing, and get ECONNRESET on a request
  // Auth0 would have answered. Auth0's edge keeps idle connections far longer (its value is not
  // published: unconfirmed on live); 65 s is the usual proxy value and outlasts the clients'.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, 'localhost', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `${tls ? 'https' : 'http'}://localhost:${port}`;
  const domain = `localhost:${port}`;
  const context: EmulatorContext = {
    config: { ...config, port },
    tenant: Tenant.seed({ ...config, port }),
    origin,
    domain,
    issuer: `${origin}/`,
    managementAudience: `https://${domain}/api/v2/`,
    keys: await generateSigningKeys(),
  };
  const provider = createProvider(context);

  const router = new Router();
  controlRoutes(router, context);
  managementRoutes(router, context);
  universalLoginRoutes(router, context, provider);
  continueRoutes(router, context, provider);
  // Our routes run first; anything unmatched is oidc-provider's (authorize, token, userinfo, …).
  provider.use(router.middleware());
  const callback = provider.callback();
  ready.handle = (req, res) => {
    void callback(req, res);
  };

  return {
    context,
    provider,
    origin,
    tls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
