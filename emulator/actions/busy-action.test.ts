/**
 * A bound post-login Action that enters a synchronous busy loop after an `await`, end to end:
 * the tenant keeps answering while it loops, the login fails as Auth0 fails an Action over its
 * 20 s limit (auth0-behaviour.md §1.1; `actionTimeoutMs` shortens it), and `npm run tenant`
 * still exits promptly on SIGTERM. Before Action executions ran in worker threads, such a loop
 * blocked the emulator's only thread for good: no request, no timeout, no SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { ManagementClient } from 'auth0';
import { DEV_DEFAULTS } from '../config.ts';
import { PASSWORD, PRIMARY } from '../testing/credentials.ts';
import { deployAction, logIn, logsOf, watchCallback } from '../testing/login-helpers.ts';
import { test, expect } from '../testing/fixtures.ts';
import { createUser } from '../tenant/users.ts';

/** The Action: tells `signalUrl` it got past its first `await`, then never yields again. */
const busyAction = (signalUrl: string) => `
exports.onExecutePostLogin = async (event, api) => {
  api.user.setAppMetadata('reached', true);
  await fetch(${JSON.stringify(signalUrl)});
  for (;;) {}
};`;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An HTTP endpoint the Action calls; `hit` resolves on the first request. */
async function signalEndpoint() {
  let hit!: () => void;
  const reached = new Promise<void>((resolve) => (hit = resolve));
  const server = createServer((_req, res) => {
    hit();
    res.end('ok');
  });
  const origin = await listen(server);
  return { url: `${origin}/in-the-loop`, reached, close: () => close(server) };
}

/** `GET /healthz` answers 200 within a second, three times in a row. */
async function expectResponsive(origin: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1_000) });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
  }
}

test.describe('an Action that busy-loops after an await', () => {
  test('should keep the tenant answering while it loops, then deny the login at the limit and log actions_execution_failed', async ({
    page,
    emulator,
  }) => {
    const { config, tenant } = emulator.context;
    const signal = await signalEndpoint();
    deployAction(tenant, 'busy-after-await', busyAction(signal.url));
    // Test seam instead of Auth0's 20 s (config.ts).
    config.actionTimeoutMs = 1_500;
    try {
      const user = await createUser(tenant, {
        email: `busy-${Date.now().toString(36)}@example.com`,
        password: PASSWORD,
        connection: tenant.connection.name,
      });
      const callback = watchCallback(page, emulator);
      const login = logIn(page, emulator, user.email);
      await signal.reached;
      await expectResponsive(emulator.origin);
      const answered = await callback.next();
      const { uid } = await login;
      expect(Object.fromEntries(answered.searchParams)).toMatchObject({
        error: 'access_denied',
        error_description: 'The Action did not finish within 1500 ms',
      });
      expect(logsOf(emulator, uid, 'actions_execution_failed')[0]?.details).toMatchObject({
        trigger_id: 'post-login',
        error_class: 'action_timeout',
      });
      // A failed Action's metadata is not persisted.
      expect(tenant.users.get(user.user_id)?.app_metadata).toEqual({});
    } finally {
      delete config.actionTimeoutMs;
      tenant.bindings = [];
      await signal.close();
    }
  });

  test('should let `npm run tenant` exit promptly on SIGTERM while the Action loops', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const signal = await signalEndpoint();
    const application = createServer((_req, res) => res.end('callback received'));
    const appOrigin = await listen(application);
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const output: string[] = [];
    // As `npm run tenant` runs it (tsx emulator/main.ts), on a port of its own, with the
    // development credentials whatever `.env` says.
    const tenant = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: {
        ...process.env,
        EMULATOR_PORT: String(port),
        AUTH0_CALLBACK_URL: `${appOrigin}/callback`,
        AUTH0_CLIENT_ID: DEV_DEFAULTS.appClientId,
        AUTH0_CLIENT_SECRET: DEV_DEFAULTS.appClientSecret,
        AUTH0_MGMT_CLIENT_ID: DEV_DEFAULTS.mgmtClientId,
        AUTH0_MGMT_CLIENT_SECRET: DEV_DEFAULTS.mgmtClientSecret,
        AUTH0_CONNECTION: DEV_DEFAULTS.connection,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tenant.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    tenant.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      tenant.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    try {
      await expect
        .poll(
          () =>
            fetch(`${origin}/healthz`).then(
              (r) => r.status,
              () => 0,
            ),
          {
            timeout: 30_000,
            message: `the tenant did not start: ${output.join('')}`,
          },
        )
        .toBe(200);
      const email = `busy-${Date.now().toString(36)}@example.com`;
      await deployBusyAction(port, email, busyAction(signal.url));
      const loggingIn = startLogin(page, origin, `${appOrigin}/callback`, email);
      await signal.reached;
      await expectResponsive(origin);

      const sent = performance.now();
      tenant.kill('SIGTERM');
      const result = await Promise.race([
        exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 5_000)),
      ]);
      expect(result, output.join('')).toEqual({ code: 0, signal: null });
      expect(performance.now() - sent).toBeLessThan(3_000);
      await loggingIn.catch(() => {});
    } finally {
      stop(tenant);
      await close(application);
      await signal.close();
    }
  });
});

function stop(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await listen(server);
  const { port } = server.address() as AddressInfo;
  await close(server);
  return port;
}

/** Through the Management API (auth0 SDK): a user, and the Action created, built, deployed, bound. */
async function deployBusyAction(port: number, email: string, code: string): Promise<void> {
  const from = `https://localhost:${port}`;
  const mgmt = new ManagementClient({
    domain: `localhost:${port}`,
    clientId: DEV_DEFAULTS.mgmtClientId,
    clientSecret: DEV_DEFAULTS.mgmtClientSecret,
    fetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return fetch(url.replace(from, `http://localhost:${port}`), init);
    },
  });
  await mgmt.users.create({ connection: DEV_DEFAULTS.connection, email, password: PASSWORD });
  const action = await mgmt.actions.create({
    name: 'busy-after-await',
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code,
  });
  const id = action.id as string;
  await expect.poll(async () => (await mgmt.actions.get(id)).status).toBe('built');
  await mgmt.actions.deploy(id);
  await mgmt.actions.triggers.bindings.updateMany('post-login', {
    bindings: [{ ref: { type: 'action_id', value: id }, display_name: 'busy-after-await' }],
  });
}

/** `/authorize` (code + PKCE) for the seeded application, then the password form, submitted. */
async function startLogin(page: Page, origin: string, redirectUri: string, email: string) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL('/authorize', origin);
  url.search = new URLSearchParams({
    client_id: DEV_DEFAULTS.appClientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    prompt: 'login',
  }).toString();
  await page.goto(url.href);
  await expect(page).toHaveURL(/\/u\/login\?state=/);
  await page.locator('input#username').fill(email);
  await page.locator('input#password').fill(PASSWORD);
  await page.locator(PRIMARY).click();
}
