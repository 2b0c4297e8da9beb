/**
 * SDK coverage: the UNMODIFIED auth0 v7 `ManagementClient` reaches every route the emulated
 * Management API serves. A recording `fetch` (the SDK's own `fetch` option, auth0-behaviour.md
 * §4.2) sees every request; each is resolved against the route table (the `/api/v2` mount that
 * `managementRoutes()` registers on a router), and the set of routes the SDK called successfully
 * must equal the table. A route added to the emulator without an SDK call here fails the test,
 * and so does an SDK call whose path the emulator does not serve. The SDK's typed errors
 * (400/401/403/404/409/429) are driven through the same client.
 */
import { Management, ManagementClient, ManagementError } from 'auth0';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { buildTiming } from '../management/action-build.ts';
import { rateLimitClock } from '../management/rate-limit.ts';
import { Router } from '../http/router.ts';
import { managementRoutes, PREFIX } from '../management/routes.ts';
import {
  emulatorFetch,
  GOOD_PASSWORD,
  managementToken,
  uniqueEmail,
} from '../testing/management-client.ts';

/** A worker of its own: the rate-limit bucket drained below and the build timing are this file's. */
test.use({ emulatorConfig: { tenantName: 'sdk-coverage' } });

interface Recorded {
  method: string;
  path: string;
  status: number;
}

const routeKey = (method: string, path: string) => `${method} /${path}`;

/** The Management API's routes, registered on a router of their own. */
function routeTable(emulator: Emulator) {
  const router = new Router();
  const mount = managementRoutes(router, emulator.context);
  return { router, routes: mount.routes };
}

/** The SDK, with a `fetch` that records every Management API request and its status. */
function recordingClient(
  emulator: Emulator,
  seen: Recorded[],
  auth: { token: string } | { clientSecret: string } = {
    clientSecret: emulator.context.config.mgmt.clientSecret,
  },
): ManagementClient {
  const inner = emulatorFetch(emulator);
  const recording: typeof fetch = async (input, init) => {
    const res = await inner(input, init);
    const url = new URL(
      typeof input === 'string' ? input : 'url' in input ? input.url : input.href,
    );
    if (url.pathname.startsWith(`${PREFIX}/`)) {
      seen.push({ method: init?.method ?? 'GET', path: url.pathname, status: res.status });
    }
    return res;
  };
  const common = { domain: emulator.context.domain, fetch: recording, maxRetries: 0 };
  return 'token' in auth
    ? new ManagementClient({ ...common, token: auth.token })
    : new ManagementClient({
        ...common,
        clientId: emulator.context.config.mgmt.clientId,
        clientSecret: auth.clientSecret,
      });
}

/** The route (method + pattern) a recorded request resolves to, or undefined. */
function resolve(table: ReturnType<typeof routeTable>, r: Recorded): string | undefined {
  const found = table.router.match(r.method, r.path);
  return found.pattern?.startsWith(`${PREFIX}/`)
    ? routeKey(r.method, found.pattern.slice(PREFIX.length + 1))
    : undefined;
}

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

test.describe('The auth0 SDK covers every Management API route the emulator serves', () => {
  test.beforeAll(() => {
    buildTiming.pendingMs = 0;
    buildTiming.buildingMs = 0;
  });
  test.afterAll(() => {
    buildTiming.pendingMs = 150;
    buildTiming.buildingMs = 350;
  });
  test.afterEach(() => {
    rateLimitClock.now = () => Date.now();
  });

  test('should call each route once with the SDK and resolve every request to a route', async ({
    emulator,
  }) => {
    const seen: Recorded[] = [];
    const mgmt = recordingClient(emulator, seen);
    const { tenant, config } = emulator.context;
    const connection = tenant.connection.name;
    const email = uniqueEmail('sdk-cov');

    // Users.
    const user = await mgmt.users.create({ connection, email, password: GOOD_PASSWORD });
    const userId = user.user_id as string;
    await mgmt.users.get(userId);
    await mgmt.users.update(userId, { user_metadata: { sdk: true } });
    await mgmt.users.list({ q: `email:"${email}"`, search_engine: 'v3' });
    await mgmt.users.listUsersByEmail({ email });
    await mgmt.users.enrollments.get(userId);
    await mgmt.users.multifactor.invalidateRememberBrowser(userId);

    // Authentication methods (no API enrolls one: the store gets an OTP authenticator).
    const addOtp = (id: string) =>
      tenant.users.get(userId)?.authenticators.push({
        type: 'otp',
        id,
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        confirmed: true,
        created_at: new Date().toISOString(),
        usedSteps: [],
      });
    addOtp('totp|dev_sdkcov1');
    await mgmt.users.authenticationMethods.list(userId);
    await mgmt.users.authenticationMethods.get(userId, 'totp|dev_sdkcov1');
    await mgmt.users.authenticationMethods.delete(userId, 'totp|dev_sdkcov1');
    addOtp('totp|dev_sdkcov2');
    await mgmt.users.authenticationMethods.deleteAll(userId);
    addOtp('totp|dev_sdkcov3');
    await mgmt.users.authenticators.deleteAll(userId);

    // Guardian.
    await mgmt.guardian.factors.list();
    await mgmt.guardian.factors.set('otp', { enabled: true });
    await mgmt.guardian.policies.list();
    await mgmt.guardian.policies.set([]);

    // Actions, versions, triggers and bindings.
    const action = await mgmt.actions.create({
      name: `sdk-coverage-${Date.now()}`,
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: 'exports.onExecutePostLogin = async () => {};',
    });
    const actionId = action.id as string;
    const built = async () =>
      expect.poll(async () => (await mgmt.actions.get(actionId)).status).toBe('built');
    await built();
    await mgmt.actions.update(actionId, {
      code: 'exports.onExecutePostLogin = async () => { /* v2 */ };',
    });
    await built();
    await mgmt.actions.list({ triggerId: 'post-login' });
    const deployed = await mgmt.actions.deploy(actionId);
    const versions = await mgmt.actions.versions.list(actionId);
    expect(versions.data.length).toBeGreaterThan(0);
    await mgmt.actions.versions.get(actionId, deployed.id as string);
    await mgmt.actions.versions.deploy(actionId, deployed.id as string);
    await mgmt.actions.triggers.list();
    await mgmt.actions.triggers.bindings.updateMany('post-login', {
      bindings: [{ ref: { type: 'action_id', value: actionId }, display_name: 'sdk-coverage' }],
    });
    await mgmt.actions.triggers.bindings.list('post-login');
    await mgmt.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
    await mgmt.actions.delete(actionId);

    // Tenant settings, attack protection, prompts, clients, connections.
    await mgmt.tenants.settings.get();
    await mgmt.tenants.settings.update({ customize_mfa_in_postlogin_action: true });
    await mgmt.attackProtection.botDetection.get();
    await mgmt.attackProtection.botDetection.update({ bot_detection_level: 'medium' });
    await mgmt.prompts.getSettings();
    await mgmt.prompts.updateSettings({ identifier_first: false });
    await mgmt.clients.get(config.app.clientId);
    await mgmt.connections.list();
    const connectionId = emulator.context.tenant.connection.id;
    const { options } = await mgmt.connections.get(connectionId);
    await mgmt.connections.update(connectionId, { options: options ?? {} });
    const created = await mgmt.clients.create({ name: 'sdk-coverage', app_type: 'spa' });
    const createdId = created.client_id as string;
    await mgmt.clients.list({ app_type: 'spa' });
    await mgmt.clients.update(createdId, { callbacks: ['https://sdk.example/cb'] });
    const db = await mgmt.connections.create({ name: 'sdk-coverage-db', strategy: 'auth0' });
    const dbId = db.id as string;
    await mgmt.connections.get(dbId);
    await mgmt.connections.update(dbId, { display_name: 'SDK coverage' });
    await mgmt.connections.clients.update(dbId, [{ client_id: createdId, status: true }]);
    await mgmt.connections.clients.get(dbId);
    await mgmt.clients.delete(createdId);
    // No DELETE /connections route is served: the worker's tenant drops it directly.
    tenant.otherConnections.delete(dbId);

    // User blocks (brute-force protection).
    await mgmt.userBlocks.listByIdentifier({ identifier: email });
    await mgmt.userBlocks.deleteByIdentifier({ identifier: email });
    await mgmt.userBlocks.list(userId);
    await mgmt.userBlocks.delete(userId);
    // "Remember this device for 30 days" (login/device.ts).
    await mgmt.users.multifactor.invalidateRememberBrowser(userId);

    // Logs (Auth0's `q`, through the request options: the SDK's own `search` is refused), one
    // user's logs, then the user goes.
    const logs = await mgmt.logs.list(
      { per_page: 5 },
      { queryParams: { q: `user_id:"${userId}"` } },
    );
    await mgmt.logs.get(logs.data[0]?.log_id as string);
    const userLogs = await mgmt.users.logs.list(userId, { sort: 'date:1', per_page: 100 });
    expect(userLogs.data.length).toBeGreaterThan(0);
    await mgmt.users.delete(userId);

    const table = routeTable(emulator);
    const unresolved = seen.filter((r) => !resolve(table, r));
    expect(unresolved, 'SDK requests the emulator does not route').toEqual([]);
    const failed = seen.filter((r) => r.status >= 300);
    expect(failed, 'SDK requests that did not succeed').toEqual([]);
    const covered = new Set(seen.map((r) => resolve(table, r)));
    const served = table.routes.map((r) => routeKey(r.method, r.path));
    expect(
      served.filter((k) => !covered.has(k)),
      'routes no SDK call reached',
    ).toEqual([]);
    expect([...covered].sort()).toEqual([...new Set(served)].sort());
  });

  test("should surface the emulator's errors as the SDK's typed errors", async ({ emulator }) => {
    const seen: Recorded[] = [];
    const mgmt = recordingClient(emulator, seen);
    const connection = emulator.context.tenant.connection.name;
    const email = uniqueEmail('sdk-err');
    await mgmt.users.create({ connection, email, password: GOOD_PASSWORD });

    const cases: [number, unknown, () => Promise<unknown>][] = [
      [
        400,
        Management.BadRequestError,
        () => mgmt.users.create({ connection: 'No-Such-Connection', email, password: 'x' }),
      ],
      [
        401,
        Management.UnauthorizedError,
        () => recordingClient(emulator, seen, { token: 'not.a.jwt' }).users.list(),
      ],
      [
        403,
        Management.ForbiddenError,
        async () => {
          const token = await managementToken(emulator, 'read:logs');
          return recordingClient(emulator, seen, { token }).users.list();
        },
      ],
      [404, Management.NotFoundError, () => mgmt.users.get('auth0|does-not-exist')],
      [
        409,
        Management.ConflictError,
        () => mgmt.users.create({ connection, email, password: GOOD_PASSWORD }),
      ],
    ];
    for (const [status, type, call] of cases) {
      const err = await caught(call());
      expect(err, `HTTP ${status}`).toBeInstanceOf(type as typeof ManagementError);
      const e = err as ManagementError;
      expect(e.statusCode).toBe(status);
      expect(e.body).toMatchObject({ statusCode: status, error: expect.any(String) });
      expect(typeof (e.body as { message?: unknown }).message).toBe('string');
    }

    // 429: with the clock frozen the bucket does not refill, so it runs dry.
    const frozen = Date.now();
    rateLimitClock.now = () => frozen;
    let tooMany: unknown;
    for (let i = 0; i < 200 && !tooMany; i++) tooMany = await caught(mgmt.tenants.settings.get());
    expect(tooMany).toBeInstanceOf(Management.TooManyRequestsError);
    expect((tooMany as ManagementError).statusCode).toBe(429);
  });
});
