/**
 * Property tests of the Management API's write endpoints against arbitrary bodies (fast-check):
 * any JSON value, near-valid objects with wrongly typed or extra fields, and bodies that are not
 * JSON at all. Whatever arrives:
 *   - the answer is never a 5xx;
 *   - a 4xx body is exactly Auth0's error shape `{statusCode, error, message[, errorCode]}`
 *     (auth0-behaviour.md §3.4) with `statusCode` equal to the HTTP status;
 *   - a rejected request changes nothing: the tenant's users, actions, bindings, factors and
 *     settings are the same after it as before ("validate the whole request before changing any
 *     state", management/validate.ts).
 * Runs are bounded (`FC_RUNS`, default 150 per endpoint) and reproducible: `FC_SEED=<n>` replays
 * a seed that fast-check printed on failure.
 */
import fc from 'fast-check';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { deployAction } from '../testing/login-helpers.ts';
import { buildTiming } from '../management/action-build.ts';
import { rateLimitClock } from '../management/rate-limit.ts';
import { GOOD_PASSWORD, managementToken, uniqueEmail } from '../testing/management-client.ts';
import { FACTOR_NAMES } from '../tenant/store.ts';

/** A worker of its own: the clocks and build timing changed below are this file's. */
test.use({ emulatorConfig: { tenantName: 'management-bodies' } });

const NUM_RUNS = Number(process.env.FC_RUNS ?? 150);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const params = { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

/** What a request sends: a JSON value, or raw text with a content type (or no body at all). */
type Body = { json: unknown } | { raw: string; contentType: string } | { none: true };

/** Arbitrary JSON, whose top level is often an object. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
);

/**
 * Objects built from an endpoint's own field names with plausible values (`required` ones always
 * present), then, half of the time, one mutation: a field set to any JSON value, a required
 * field dropped, or an unknown field added. Validation is thus probed one field at a time,
 * and plain valid bodies reach the handlers too.
 */
function nearValid(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: readonly string[] = [],
): fc.Arbitrary<unknown> {
  const names = Object.keys(fields);
  const valid = fc.record(fields, { requiredKeys: required as string[] });
  const mutation = fc.oneof(
    fc.record({ set: fc.constantFrom(...names), to: fc.jsonValue({ maxDepth: 2 }) }),
    fc.record({ drop: fc.constantFrom(...(required.length ? required : names)) }),
    fc.record({
      add: fc.string({ minLength: 1, maxLength: 10 }),
      to: fc.jsonValue({ maxDepth: 1 }),
    }),
  );
  return fc.tuple(valid, fc.option(mutation, { freq: 2 })).map(([body, m]) => {
    const out: Record<string, unknown> = { ...body };
    if (m && 'set' in m) out[m.set] = m.to;
    if (m && 'drop' in m) delete out[m.drop];
    if (m && 'add' in m) out[m.add] = m.to;
    return out;
  });
}

/** Bodies that are not JSON, or not declared as JSON. */
const notJson: fc.Arbitrary<Body> = fc.oneof(
  fc.record({
    raw: fc.oneof(
      fc.string(),
      fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", 'null null', '\u0000'),
    ),
    contentType: fc.constant('application/json'),
  }),
  fc.record({
    raw: fc.string({ minLength: 1 }),
    contentType: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
    ),
  }),
  fc.constant({ none: true as const }),
);

function bodies(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: readonly string[] = [],
): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 5, arbitrary: nearValid(fields, required).map((json) => ({ json })) },
    { weight: 2, arbitrary: anyJson.map((json) => ({ json })) },
    { weight: 1, arbitrary: notJson },
  );
}

const str = fc.string({ minLength: 1, maxLength: 20 });
const email = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((n) => `prop.${n}@example.com`) },
  fc.emailAddress(),
  str,
);
const metadata = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 3,
});

/** Everything a request may change, deep-copied. */
function snapshot(emulator: Emulator): unknown {
  const t = emulator.context.tenant;
  return structuredClone({
    users: [...t.users.values()],
    actions: [...t.actions.values()],
    bindings: t.bindings,
    factors: [...t.factors.entries()],
    policies: t.guardianPolicies,
    settings: t.settings,
  });
}

/** Waits until no Action build is in flight (a build changes the action behind the snapshots). */
async function settle(emulator: Emulator): Promise<void> {
  const busy = () =>
    [...emulator.context.tenant.actions.values()].some(
      (a) => a.status === 'pending' || a.status === 'building',
    );
  for (let i = 0; i < 100 && busy(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(busy(), 'Action builds did not settle').toBe(false);
}

interface Answer {
  status: number;
  text: string;
}

async function send(
  emulator: Emulator,
  token: string,
  method: string,
  path: string,
  body: Body,
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let payload: string | undefined;
  if ('json' in body) {
    payload = JSON.stringify(body.json);
    headers['content-type'] = 'application/json';
  } else if ('raw' in body) {
    payload = body.raw;
    headers['content-type'] = body.contentType;
  }
  const res = await fetch(`${emulator.origin}/api/v2${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  return { status: res.status, text: await res.text() };
}

/** The two properties of one answer; `before`/`after` are the tenant snapshots around it. */
function check(answer: Answer, before: unknown, after: unknown): void {
  expect(answer.status, answer.text).toBeLessThan(500);
  if (answer.status < 400) return;
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(
    Object.keys(body).filter((k) => !['statusCode', 'error', 'message', 'errorCode'].includes(k)),
  ).toEqual([]);
  expect(body.statusCode).toBe(answer.status);
  expect(typeof body.error === 'string' && body.error.length > 0).toBe(true);
  expect(typeof body.message).toBe('string');
  if ('errorCode' in body) expect(typeof body.errorCode).toBe('string');
  expect(after, 'a rejected request changed the tenant').toEqual(before);
}

test.describe('Management API write endpoints under arbitrary bodies (fast-check)', () => {
  let token = '';
  let userId = '';

  test.beforeAll(async ({ emulator }) => {
    // Every request finds a full rate-limit bucket; builds finish at once (no state changing
    // behind the snapshots).
    let now = Date.now();
    rateLimitClock.now = () => (now += 1000);
    buildTiming.pendingMs = 0;
    buildTiming.buildingMs = 0;
    token = await managementToken(emulator);
    const tenant = emulator.context.tenant;
    const res = await send(emulator, token, 'POST', '/users', {
      json: {
        connection: tenant.connection.name,
        email: uniqueEmail('prop-user'),
        password: GOOD_PASSWORD,
      },
    });
    userId = (JSON.parse(res.text) as { user_id: string }).user_id;
    // A deployed action that bindings may refer to; no binding until a request makes one.
    deployAction(tenant, 'prop-bindable', 'exports.onExecutePostLogin = async () => {};');
    tenant.bindings = [];
  });

  test.afterAll(() => {
    rateLimitClock.now = () => Date.now();
    buildTiming.pendingMs = 150;
    buildTiming.buildingMs = 350;
  });

  /** Runs one endpoint's property; settles pending builds before each snapshot. */
  async function property<T>(
    emulator: Emulator,
    request: fc.Arbitrary<T>,
    toCall: (value: T) => { method: string; path: string; body: Body },
  ): Promise<void> {
    const statuses: Record<number, number> = {};
    const started = Date.now();
    let inSnapshots = 0;
    await fc.assert(
      fc.asyncProperty(request, async (value) => {
        const { method, path, body } = toCall(value);
        await settle(emulator);
        let t = Date.now();
        const before = snapshot(emulator);
        inSnapshots += Date.now() - t;
        const answer = await send(emulator, token, method, path, body);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        t = Date.now();
        const after = snapshot(emulator);
        inSnapshots += Date.now() - t;
        check(answer, before, after);
      }),
      params,
    );
    test.info().annotations.push({
      type: 'statuses',
      description: `${JSON.stringify(statuses)} in ${Date.now() - started} ms (${inSnapshots} ms snapshots)`,
    });
    // Not vacuous: the generators reach both the handlers' success and their refusals.
    const codes = Object.keys(statuses).map(Number);
    expect(
      codes.some((c) => c < 300),
      'no request was accepted',
    ).toBe(true);
    expect(
      codes.some((c) => c >= 400),
      'no request was refused',
    ).toBe(true);
  }

  test('POST /api/v2/users', async ({ emulator }) => {
    const connection = emulator.context.tenant.connection.name;
    await property(
      emulator,
      bodies(
        {
          connection: fc.oneof(
            { weight: 9, arbitrary: fc.constant(connection) },
            fc.constant('Other-Connection'),
          ),
          email,
          password: fc.oneof(
            { weight: 9, arbitrary: fc.constant(GOOD_PASSWORD) },
            fc.constantFrom('short', ''),
          ),
          user_metadata: metadata,
          app_metadata: metadata,
          email_verified: fc.boolean(),
          blocked: fc.boolean(),
          name: str,
          nickname: str,
          given_name: str,
          username: str,
          user_id: str,
        },
        ['connection', 'email', 'password'],
      ),
      (body) => ({ method: 'POST', path: '/users', body }),
    );
  });

  test('PATCH /api/v2/users/{id}', async ({ emulator }) => {
    await property(
      emulator,
      fc.tuple(
        fc.oneof({ weight: 5, arbitrary: fc.constant(userId) }, fc.constant('auth0|nobody')),
        bodies({
          email,
          email_verified: fc.boolean(),
          password: fc.constantFrom(GOOD_PASSWORD, 'short'),
          name: str,
          blocked: fc.boolean(),
          app_metadata: metadata,
          user_metadata: metadata,
          connection: fc.constantFrom(emulator.context.tenant.connection.name, 'Other'),
          verify_email: fc.boolean(),
        }),
      ),
      ([id, body]) => ({ method: 'PATCH', path: `/users/${encodeURIComponent(id)}`, body }),
    );
  });

  test('POST /api/v2/actions/actions', async ({ emulator }) => {
    const trigger = fc.record(
      {
        id: fc.constantFrom('post-login', 'pre-user-registration', ''),
        version: fc.constantFrom('v3', 'v1', ''),
      },
      { requiredKeys: [] },
    );
    await property(
      emulator,
      bodies(
        {
          name: fc.oneof(
            { weight: 4, arbitrary: fc.nat().map((n) => `prop-action-${n}`) },
            fc.string({ maxLength: 30 }),
          ),
          supported_triggers: fc.oneof(
            { weight: 4, arbitrary: fc.constant([{ id: 'post-login', version: 'v3' }]) },
            fc.array(trigger, { maxLength: 2 }),
          ),
          code: fc.constantFrom(
            'exports.onExecutePostLogin = async () => {};',
            'syntax error (',
            '',
          ),
          runtime: fc.constantFrom('node22', 'node18', 'node12'),
          dependencies: fc.array(fc.record({ name: str, version: str }), {
            maxLength: 2,
          }),
          secrets: fc.array(fc.record({ name: str, value: str }), {
            maxLength: 2,
          }),
          deploy: fc.boolean(),
        },
        ['name', 'supported_triggers'],
      ),
      (body) => ({ method: 'POST', path: '/actions/actions', body }),
    );
  });

  test('PATCH /api/v2/actions/triggers/{triggerId}/bindings', async ({ emulator }) => {
    const ids = [...emulator.context.tenant.actions.keys()];
    const ref = fc.oneof(
      { weight: 4, arbitrary: fc.constant({ type: 'action_name', value: 'prop-bindable' }) },
      fc.record(
        {
          type: fc.constantFrom('action_id', 'action_name', 'binding_id', 'other'),
          value: fc.oneof(fc.constantFrom(...ids, 'prop-bindable', 'missing'), str),
        },
        { requiredKeys: [] },
      ),
    );
    await property(
      emulator,
      fc.tuple(
        fc.oneof(
          { weight: 5, arbitrary: fc.constant('post-login') },
          fc.constantFrom('credentials-exchange', 'nope'),
        ),
        bodies({ bindings: fc.array(fc.record({ ref, display_name: str }), { maxLength: 3 }) }, [
          'bindings',
        ]),
      ),
      ([trigger, body]) => ({
        method: 'PATCH',
        path: `/actions/triggers/${trigger}/bindings`,
        body,
      }),
    );
  });

  test('PUT /api/v2/guardian/factors/{name}', async ({ emulator }) => {
    await property(
      emulator,
      fc.tuple(
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...FACTOR_NAMES) },
          fc.string({ minLength: 1, maxLength: 10 }),
        ),
        bodies({ enabled: fc.boolean() }, ['enabled']),
      ),
      ([name, body]) => ({
        method: 'PUT',
        path: `/guardian/factors/${encodeURIComponent(name)}`,
        body,
      }),
    );
  });

  test('PATCH /api/v2/tenants/settings', async ({ emulator }) => {
    await property(
      emulator,
      bodies({
        friendly_name: str,
        customize_mfa_in_postlogin_action: fc.boolean(),
        allowed_logout_urls: fc.array(fc.webUrl(), { maxLength: 2 }),
        session_lifetime: fc.integer({ min: -1, max: 10_000 }),
        idle_session_lifetime: fc.double({ noNaN: true }),
        enabled_locales: fc.array(fc.constantFrom('en', 'fr', 'xx'), { maxLength: 2 }),
        flags: metadata,
        support_email: email,
        acr_values_supported: fc.option(fc.array(str, { maxLength: 2 })),
      }),
      (body) => ({ method: 'PATCH', path: '/tenants/settings', body }),
    );
  });
});
