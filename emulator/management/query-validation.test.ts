/**
 * Query strings and bodies are validated on every Management API route as Auth0 does
 * (auth0-behaviour.md §3.4): each route accepts the parameters its SDK request type and Auth0's
 * docs name, refuses any other with `Query validation error: 'Additional properties not
 * allowed: <name>'.` (`invalid_query_string`), names the property of an ill-typed value, and
 * every write refuses a body property it does not know. The harness's own SDK calls still pass.
 */
import { Management } from 'auth0';
import { apiError, test, expect } from '../testing/management-fixtures.ts';
import type { Emulator } from '../app.ts';
import { Router } from '../http/router.ts';
import { managementRoutes } from './routes.ts';
import { GOOD_PASSWORD, api, uniqueEmail } from './test-client.ts';

/** A worker of its own: this file sends bursts of requests. */
test.use({ emulatorConfig: { tenantName: 'query-validation' } });

const queryError = (message: string) => ({
  statusCode: 400,
  error: 'Bad Request',
  message,
  errorCode: 'invalid_query_string',
});

/** A raw call that waits out a 429 (the bucket is shared with the rest of the file). */
async function call(
  emulator: Emulator,
  method: string,
  path: string,
  options: Parameters<typeof api>[3],
): ReturnType<typeof api> {
  for (;;) {
    const res = await api(emulator, method, path, options);
    if (res.status !== 429) return res;
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
  }
}

/** Every route of the table, its `:params` filled with placeholders. */
function everyRoute(emulator: Emulator) {
  const mount = managementRoutes(new Router(), emulator.context);
  return mount.routes.map((r) => ({
    method: r.method,
    path: `/${r.path.replace(/:name/, 'otp').replace(/:\w+/g, 'x')}`,
    route: r,
  }));
}

test.describe('Management API query and body validation (auth0-behaviour.md §3.4)', () => {
  test('should refuse an unknown query parameter on every route, before the handler', async ({
    emulator,
    token,
  }) => {
    const routes = everyRoute(emulator);
    expect(routes.length).toBeGreaterThan(40);
    for (const { method, path } of routes) {
      const res = await call(emulator, method, `${path}?bogus=1`, { token });
      expect(res.body, `${method} ${path}`).toEqual(
        queryError("Query validation error: 'Additional properties not allowed: bogus'."),
      );
    }
  });

  test('should refuse a body property no write route knows', async ({ emulator, token }) => {
    const writes = everyRoute(emulator).filter(
      ({ method, route }) => method !== 'GET' && route.meta.body?.kind !== 'array',
    );
    expect(writes.length).toBeGreaterThan(15);
    for (const { method, path, route } of writes) {
      // Required query parameters are sent, so the body is what gets checked.
      const required = Object.entries(route.meta.query ?? {})
        .filter(([, spec]) => spec.type === 'string' && spec.required)
        .map(([name]) => `${name}=x`);
      const query = required.length > 0 ? `?${required.join('&')}` : '';
      const res = await call(emulator, method, path + query, { token, json: { bogus: 1 } });
      expect(res.body, `${method} ${path}`).toEqual(
        apiError(
          400,
          "Payload validation error: 'Additional properties not allowed: bogus'.",
          'invalid_body',
        ),
      );
    }
    const policies = await call(emulator, 'PUT', '/guardian/policies', {
      token,
      json: { bogus: 1 },
    });
    expect(policies.status).toBe(400);
  });

  test('should refuse an unknown parameter on /users and name the property of ill-typed values', async ({
    emulator,
    token,
  }) => {
    const cases: [string, string][] = [
      ['/users?search=x', "Query validation error: 'Additional properties not allowed: search'."],
      [
        '/users?page=1&unknown=1&also=2',
        "Query validation error: 'Additional properties not allowed: unknown,also'.",
      ],
      [
        '/users?page=x',
        "Query validation error: 'Expected type integer but found type string' on property page.",
      ],
      [
        '/users?page=-1',
        "Query validation error: 'Value -1 is less than minimum 0' on property page.",
      ],
      [
        '/users?per_page=101',
        "Query validation error: 'Value 101 is greater than maximum 100' on property per_page.",
      ],
      [
        '/users?page=0&page=1',
        "Query validation error: 'Expected type integer but found type array' on property page.",
      ],
      [
        '/users?include_totals=maybe',
        "Query validation error: 'Expected type boolean but found type string' on property include_totals.",
      ],
      [
        '/users?search_engine=v4',
        `Query validation error: 'No enum match for: "v4"' on property search_engine.`,
      ],
      [
        '/users?sort=created_at',
        "Query validation error: 'String does not match pattern' on property sort.",
      ],
      ['/users-by-email', "Query validation error: 'Missing required property: email'."],
      [
        '/user-blocks?identifier=',
        "Query validation error: 'String is too short (0 chars), minimum 1' on property identifier.",
      ],
      [
        '/actions/actions?trigger_id=post-login',
        "Query validation error: 'Additional properties not allowed: trigger_id'.",
      ],
      [
        '/logs?search=type:s',
        "Query validation error: 'Additional properties not allowed: search'.",
      ],
    ];
    for (const [path, message] of cases) {
      const res = await call(emulator, 'GET', path, { token });
      expect(res.body, path).toEqual(queryError(message));
    }
  });

  test("should accept every SDK call the harness makes, with the harness's arguments", async ({
    emulator,
    mgmt,
  }) => {
    const { config } = emulator.context;
    const email = uniqueEmail('harness-calls');
    const user = await mgmt.users.create({
      connection: emulator.context.tenant.connection.name,
      email,
      password: GOOD_PASSWORD,
    });
    const userId = user.user_id as string;
    // helpers/ops/sweep.ts
    const swept = await mgmt.users.list({
      q: `email:"${email}"`,
      search_engine: 'v3',
      sort: 'created_at:-1',
      page: 0,
      per_page: 50,
      include_totals: true,
      fields: 'user_id,email,created_at,app_metadata',
      include_fields: true,
    });
    expect(swept.data.map((u) => u.user_id)).toEqual([userId]);
    // fixtures/test-user.ts, fixtures/evidence.ts, fixtures/deployment.ts, helpers/doctor/run-doctor.ts
    await mgmt.users.listUsersByEmail({ email: email.toLowerCase() });
    await mgmt.users.update(userId, { app_metadata: { e2e_harness: { run: 'r1' } } });
    await mgmt.users.authenticationMethods.list(userId);
    await mgmt.actions.triggers.bindings.list('post-login', { per_page: 50 });
    await mgmt.actions.list({ actionName: 'no-such-action', triggerId: 'post-login' });
    await mgmt.tenants.settings.get({
      fields: 'customize_mfa_in_postlogin_action',
      include_fields: true,
    });
    await mgmt.clients.get(config.app.clientId, {
      fields: 'client_id,name,app_type,callbacks,allowed_logout_urls,grant_types',
      include_fields: true,
    });
    await mgmt.connections.list({
      name: emulator.context.tenant.connection.name,
      fields: 'id,name,strategy',
      include_fields: true,
    });
    await mgmt.guardian.factors.list();
    await mgmt.attackProtection.botDetection.get();
    await mgmt.users.logs.list(userId, { sort: 'date:1', per_page: 100, include_totals: true });
    await mgmt.users.authenticationMethods.deleteAll(userId);
    await mgmt.users.delete(userId);
  });

  test('should accept repeated strategy on /connections and refuse repeated scalars', async ({
    emulator,
    token,
  }) => {
    const ok = await call(emulator, 'GET', '/connections?strategy=auth0&strategy=google-oauth2', {
      token,
    });
    expect(ok.status).toBe(200);
    const bad = await call(emulator, 'GET', '/connections?name=a&name=b', { token });
    expect(bad.body).toEqual(
      queryError(
        "Query validation error: 'Expected type string but found type array' on property name.",
      ),
    );
  });

  test('should refuse a body on a write that documents none, and change nothing', async ({
    emulator,
    mgmt,
    token,
    createUser,
  }) => {
    const user = await createUser('nobody');
    const path = `/users/${encodeURIComponent(user.user_id as string)}`;
    const refused = await call(emulator, 'DELETE', path, { token, json: [1] });
    expect(refused.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
    expect(emulator.context.tenant.users.has(user.user_id as string)).toBe(true);
    const empty = await call(emulator, 'DELETE', path, { token, json: {} });
    expect(empty.status).toBe(204);
    const err = await mgmt.users.get(user.user_id as string).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.NotFoundError);
  });
});
