/**
 * @module emulator/bench/bare-provider
 * The floor of an HTTP password login: oidc-provider 8 with nothing of Auth0 on it — one
 * confidential client (authorization code, PKCE S256 required, `client_secret_post`), an
 * in-memory account whose password is stored and checked with the embedded tenant's own
 * hashing (`tenant/passwords.ts`), first-party consent, and the smallest interaction there is:
 * `GET /interaction/{uid}` shows a username/password form, its POST checks the password and
 * finishes the interaction (https://github.com/panva/node-oidc-provider/blob/v8.x/docs/README.md#user-flows).
 * `npm run bench` compares a login through the embedded tenant with a login through this.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { hashPassword, verifyPassword } from '../tenant/passwords.ts';

export interface BareProvider {
  origin: string;
  authorizeUrl: string;
  tokenUrl: string;
  client: { id: string; secret: string; redirectUri: string };
  close(): Promise<void>;
}

const ACCOUNT_ID = 'bench-user';

/** Starts the floor provider on a free `localhost` port with one user. */
export async function startBareProvider(user: {
  email: string;
  password: string;
  redirectUri: string;
}): Promise<BareProvider> {
  const passwordHash = await hashPassword(user.password);
  const client = {
    id: 'bench-client',
    secret: randomBytes(32).toString('base64url'),
    redirectUri: user.redirectUri,
  };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'bench', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'email'],
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: false } },
    // The embedded tenant's lifetimes (oidc/provider.ts), stated so that none is a default.
    ttl: {
      AccessToken: 86_400,
      AuthorizationCode: 60,
      IdToken: 36_000,
      Interaction: 3_600,
      Session: 259_200,
      Grant: 2_592_000,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) =>
      sub === ACCOUNT_ID
        ? { accountId: sub, claims: () => ({ sub, email: user.email, email_verified: true }) }
        : undefined,
    // First-party: every request is granted what it asked for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      if (!oidc.account || !oidc.client) return undefined;
      const grant = new oidc.provider.Grant({
        accountId: oidc.account.accountId,
        clientId: oidc.client.clientId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(origin, configuration);
  provider.use(async (ctx, next): Promise<void> => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(ctx.path);
    if (!m) {
      await next();
      return;
    }
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Log in</title><form method="POST" action="/interaction/${details.uid}"><input name="username" id="username"><input name="password" id="password" type="password"><button type="submit" name="action" value="default">Continue</button></form>`;
      return;
    }
    const body = new URLSearchParams(await readText(ctx.req));
    const ok =
      body.get('username') === user.email &&
      (await verifyPassword(body.get('password') ?? '', passwordHash));
    if (!ok) {
      ctx.status = 401;
      ctx.body = 'Wrong email or password.';
      return;
    }
    ctx.respond = false;
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: ACCOUNT_ID } },
      { mergeWithLastSubmission: false },
    );
  });
  const callback = provider.callback();
  server.on('request', (req, res) => void callback(req, res));
  return {
    origin,
    authorizeUrl: `${origin}/auth`,
    tokenUrl: `${origin}/token`,
    client,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readText(req: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
