/**
 * @module emulator/testing/https-app
 * A relying party's own origin for the SDK tests: an HTTPS server on `localhost` (a free port)
 * with the embedded tenant's certificate, which the test browser and Node already trust
 * (`NODE_EXTRA_CA_CERTS`), so an application's cookies, `form_post` callbacks and web origins
 * behave as on a real HTTPS site. The request handler is attached once the port is known
 * (applications are registered with their callback URLs first).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../app.ts';

export interface HttpsApp {
  readonly origin: string;
  /** Sets the handler every request goes to. */
  serve(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startHttpsApp(emulator: Emulator): Promise<HttpsApp> {
  const tls = emulator.tls;
  if (!tls) throw new Error('the tenant must serve HTTPS (emulatorConfig: { https: true })');
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) =>
    handler(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    origin: `https://localhost:${(server.address() as AddressInfo).port}`,
    serve: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
