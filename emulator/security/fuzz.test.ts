/**
 * A seeded fuzz suite over the emulator's HTTP surface (reliability audit §6): the Management
 * API (every route of its table, plus wrong methods, with hostile path parameters, query strings,
 * bodies, content types and tokens), the Universal Login POST routes (bogus, foreign and real
 * `state`) and the OIDC routes (`/authorize`, `/oauth/token`, `/userinfo`, `/v2/logout`).
 * Whatever arrives:
 *   - the answer is never a 5xx, and comes within 10 s;
 *   - a Management API error is Auth0's shape `{statusCode, error, message[, errorCode]}`;
 * and afterwards the tenant is intact: `/healthz` answers, nothing leaked onto
 * `Object.prototype`, the tenant's configuration can be put back through the API, and a known
 * user is still readable and still logs in through Universal Login in Chromium.
 *
 * Bounded and reproducible: `FUZZ_RUNS` (default 400) runs per surface, seed `FUZZ_SEED`
 * (default fixed): 1,200 requests take 6 to 20 s on two cores, depending on load.
 */
import fc from 'fast-check';
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { Router, type Method, type MountedRoute } from '../http/router.ts';
import type { ApiRoute } from '../management/api.ts';
import { rateLimitClock } from '../management/rate-limit.ts';
import { managementRoutes } from '../management/routes.ts';
import {
  GOOD_PASSWORD,
  managementClient,
  managementToken,
  uniqueEmail,
} from '../management/test-client.ts';
import type { FieldSpec } from '../management/validate.ts';
import { exchange, logIn, redirectUri, watchCallback } from '../testing/login-helpers.ts';

/** A worker of its own: this file writes garbage into its tenant on purpose. */
test.use({ emulatorConfig: { tenantName: 'fuzz' } });

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const params = (salt: number) => ({ numRuns: RUNS, seed: SEED + salt, endOnFailure: true });

/** Strings a client should never be trusted with. */
const hostile = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    '..',
    '%2e%2e%2f',
    '..%2F..%2F__emulator%2Freset',
    '%00',
    '%zz',
    '%',
    '\r\nX-Injected: 1',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'toString',
    'x'.repeat(3000),
    '\u0000',
    '\ud800',
    '1e309',
    '-1',
    'true',
    '*',
    '((((((((((',
    'type:"open',
    'date:[a TO',
    'auth0|',
    'otp',
    'post-login',
  ),
);

/** Strings a valid request might carry, so that fuzzed requests reach the handlers too. */
const plausible = fc.oneof(
  fc.nat(1_000_000).map((n) => `fuzz.${n}@example.com`),
  fc.constantFrom(
    'Username-Password-Authentication',
    'Corr3ct-Horse-Battery',
    'fuzz',
    'exports.onExecutePostLogin = async () => {};',
    'post-login',
  ),
);

/** `encodeURIComponent`, or a raw escape for what it cannot encode (lone surrogates). */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends a request; returns its status and text, or throws on a transport failure/timeout. */
async function send(r: Sent): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(r.url, {
    method: r.method,
    headers: r.headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  return {
    status: res.status,
    text: await res.text(),
    type: res.headers.get('content-type') ?? '',
  };
}

const describe = (r: Sent) =>
  `${r.method} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 200)} ${(r.body ?? '').slice(0, 200)}`;

/** A body as sent: JSON text and content type, or nothing. */
type Body = { text: string; type: string } | undefined;

const json = (value: unknown): Body => ({ text: JSON.stringify(value), type: 'application/json' });
const deep = (levels: number, open: string, close: string): Body => ({
  text: open.repeat(levels) + close.repeat(levels),
  type: 'application/json',
});

/** A value for one declared body property, of its type (so handlers are reached too). */
function typed(spec: FieldSpec | undefined): fc.Arbitrary<unknown> {
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  if (!spec) return anyJson;
  switch (spec.type) {
    case 'string':
      return spec.enum
        ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...spec.enum) }, hostile)
        : fc.oneof({ weight: 2, arbitrary: plausible }, hostile);
    case 'boolean':
      return fc.oneof(fc.boolean(), anyJson);
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.double(), anyJson);
    case 'object':
      return fc.oneof(fc.dictionary(hostile, anyJson, { maxKeys: 4 }), anyJson);
    case 'array':
      return fc.oneof(
        fc.array(spec.items ? typed(spec.items) : anyJson, { maxLength: 4 }),
        anyJson,
      );
  }
}

/** Bodies for a route: its own properties with typed values, any JSON, deep, huge, or not JSON. */
function bodies(route: MountedRoute<ApiRoute> | undefined): fc.Arbitrary<Body> {
  const spec = route?.meta.body;
  const props: Record<string, FieldSpec> = spec?.kind === 'object' ? spec.spec.properties : {};
  const names = Object.keys(props);
  const nearValid: fc.Arbitrary<Body> = fc
    .tuple(fc.subarray(names), fc.option(fc.tuple(hostile, fc.jsonValue({ maxDepth: 2 }))))
    .chain(([picked, extra]) =>
      fc.tuple(...picked.map((n) => typed(props[n]))).map((values) => {
        const out: Record<string, unknown> = {};
        const put = (k: string, v: unknown) =>
          Object.defineProperty(out, k, { value: v, enumerable: true });
        picked.forEach((n, i) => put(n, values[i]));
        if (extra) put(extra[0], extra[1]);
        return json(out);
      }),
    );
  return fc.oneof(
    { weight: 4, arbitrary: nearValid },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.constant<Body>(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Body>(
        deep(100_000, '[', ']'),
        {
          text: `{"app_metadata":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
          type: 'application/json',
        },
        { text: '{"a":"' + 'x'.repeat(1024 * 1024) + '"}', type: 'application/json' },
        { text: '{', type: 'application/json' },
        { text: '\ufeff{}', type: 'application/json' },
        {
          text: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
          type: 'application/json',
        },
        { text: 'a=1', type: 'application/x-www-form-urlencoded' },
        { text: '{}', type: 'text/plain' },
        { text: '\u0000', type: 'application/json' },
      ),
    },
  );
}

interface Fixture {
  emulator: Emulator;
  token: string;
  narrow: string;
  routes: MountedRoute<ApiRoute>[];
  knownUserId: string;
}

const METHODS: Method[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/** Query values of a declared parameter's type (valid ones mostly). */
function validQuery(route: MountedRoute<ApiRoute>): fc.Arbitrary<[string, string][]> {
  const entries = Object.entries(route.meta.query ?? {});
  if (entries.length === 0) return fc.constant([]);
  return fc.subarray(entries).chain((picked) =>
    fc.tuple(
      ...picked.map(([name, spec]) => {
        const value =
          spec.type === 'integer'
            ? fc.constantFrom('0', '1', '5', '50')
            : spec.type === 'boolean'
              ? fc.constantFrom('true', 'false')
              : spec.enum
                ? fc.constantFrom(...spec.enum)
                : spec.pattern
                  ? fc.constantFrom('date:-1', 'created_at:1')
                  : fc.oneof(plausible, fc.constantFrom('type:s', 'email:*example.com', 'x'));
        return value.map((v): [string, string] => [name, v]);
      }),
    ),
  );
}

/** One Management API request: a route (or a wrong method on it), params, query, body, token. */
function managementRequest(f: Fixture): fc.Arbitrary<Sent> {
  const base = `${f.emulator.origin}/api/v2/`;
  return fc.constantFrom(...f.routes).chain((route) =>
    fc
      .record({
        wrongMethod: fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
        ),
        ids: fc.array(
          fc.oneof(
            { weight: 2, arbitrary: hostile },
            {
              weight: 2,
              arbitrary: fc.constantFrom(f.knownUserId, 'otp', 'post-login', 'webauthn-platform'),
            },
          ),
          { minLength: 3, maxLength: 3 },
        ),
        query: fc.oneof(
          { weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
          { weight: 3, arbitrary: validQuery(route) },
          { weight: 2, arbitrary: fc.array(fc.tuple(hostile, hostile), { maxLength: 4 }) },
        ),
        auth: fc.oneof(
          { weight: 8, arbitrary: fc.constant('full') },
          { weight: 1, arbitrary: fc.constantFrom('narrow', 'none', 'garbage', 'basic') },
        ),
        body: bodies(route),
      })
      .map(({ wrongMethod, ids, query, auth, body }): Sent => {
        const method = wrongMethod ?? route.method;
        // The known user is only ever read: deleting or changing it would not test robustness.
        const safeIds = method === 'GET' ? ids : ids.map((id) => (id === f.knownUserId ? 'x' : id));
        let i = 0;
        const path = route.path
          .split('/')
          .map((s) => (s.startsWith(':') ? enc(safeIds[i++ % safeIds.length] ?? '') : s))
          .join('/');
        const qs = query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
        const headers: Record<string, string> = {};
        if (auth === 'full') headers.authorization = `Bearer ${f.token}`;
        if (auth === 'narrow') headers.authorization = `Bearer ${f.narrow}`;
        if (auth === 'garbage') headers.authorization = 'Bearer not.a.jwt';
        if (auth === 'basic') headers.authorization = 'Basic Zm9vOmJhcg==';
        if (body) headers['content-type'] = body.type;
        return {
          method,
          url: `${base}${path}${qs ? `?${qs}` : ''}`,
          headers,
          ...(body && method !== 'GET' ? { body: body.text } : {}),
        };
      }),
  );
}

const UL_PATHS = [
  '/u/login',
  '/u/login/identifier',
  '/u/login/password',
  '/u/signup',
  '/u/mfa-detect-browser-capabilities',
  '/u/mfa-login-options',
  '/u/mfa-begin-enroll-options',
  '/u/mfa-otp-enrollment-qr',
  '/u/mfa-otp-enrollment-code',
  '/u/mfa-otp-challenge',
  '/u/mfa-webauthn-platform-enrollment',
  '/u/mfa-webauthn-platform-challenge',
  '/continue',
];

/** A real transaction's state and the cookies that go with it (a started `/authorize`). */
async function realTransaction(emulator: Emulator): Promise<{ state: string; cookie: string }> {
  const url = new URL(`${emulator.origin}/authorize`);
  url.search = new URLSearchParams({
    client_id: emulator.context.config.app.clientId,
    redirect_uri: redirectUri(emulator),
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 'fuzz',
  }).toString();
  const res = await fetch(url, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '', emulator.origin);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { state: location.searchParams.get('state') ?? '', cookie };
}

/** One Universal Login POST: any screen, a bogus/foreign/real state, any form fields. */
function universalLoginRequest(emulator: Emulator, real: { state: string; cookie: string }) {
  const field = fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'state',
        'username',
        'password',
        'email',
        'action',
        'code',
        'response',
        'captcha',
      ),
      hostile,
    ),
    fc.oneof(
      hostile,
      fc.constantFrom(
        'default',
        'toggle-view',
        'pick-authenticator',
        'webauthn-platform',
        '{"id":"x"}',
      ),
    ),
  );
  return fc
    .record({
      path: fc.constantFrom(...UL_PATHS),
      state: fc.constantFrom('bogus', real.state, `${real.state}x`, '', '%zz', 'a'.repeat(2000)),
      withCookie: fc.boolean(),
      fields: fc.array(field, { maxLength: 6 }),
      contentType: fc.constantFrom(
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded',
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
      ),
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET'),
    })
    .map(({ path, state, withCookie, fields, contentType, method }): Sent => {
      const form = new URLSearchParams();
      for (const [k, v] of fields) form.append(k, v);
      const body =
        contentType === 'application/json'
          ? JSON.stringify(Object.fromEntries(fields))
          : form.toString();
      return {
        method,
        url: `${emulator.origin}${path}?state=${enc(state)}`,
        headers: {
          'content-type': contentType,
          ...(withCookie && real.cookie ? { cookie: real.cookie } : {}),
        },
        ...(method === 'POST' ? { body } : {}),
      };
    });
}

/** One OIDC request: `/authorize`, `/oauth/token`, `/userinfo` or `/v2/logout`. */
function oidcRequest(emulator: Emulator, token: string) {
  const { app, mgmt } = emulator.context.config;
  const value = fc.oneof(
    hostile,
    fc.constantFrom(
      app.clientId,
      mgmt.clientId,
      redirectUri(emulator),
      emulator.context.managementAudience,
      'code',
      'openid profile email',
      'S256',
      'authorization_code',
      'client_credentials',
      'refresh_token',
      'password',
      'login',
      'none',
      'signup',
    ),
  );
  const name = fc.oneof(
    fc.constantFrom(
      'client_id',
      'client_secret',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
      'nonce',
      'code_challenge',
      'code_challenge_method',
      'prompt',
      'screen_hint',
      'grant_type',
      'code',
      'code_verifier',
      'refresh_token',
      'audience',
      'returnTo',
      'claims',
      'max_age',
      'id_token_hint',
    ),
    hostile,
  );
  const pairs = fc.array(fc.tuple(name, value), { maxLength: 8 });
  const auth = fc.constantFrom(
    undefined,
    `Bearer ${token}`,
    'Bearer not-a-token',
    'Basic Zm9vOmJhcg==',
    'Basic %%%',
    'Bearer',
  );
  return fc
    .record({
      target: fc.constantFrom('authorize', 'token', 'token-json', 'userinfo', 'logout'),
      pairs,
      auth,
    })
    .map(({ target, pairs: p, auth: a }): Sent => {
      const qs = p.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
      const headers: Record<string, string> = a ? { authorization: a } : {};
      switch (target) {
        case 'authorize':
          return { method: 'GET', url: `${emulator.origin}/authorize?${qs}`, headers };
        case 'logout':
          return { method: 'GET', url: `${emulator.origin}/v2/logout?${qs}`, headers };
        case 'userinfo':
          return { method: 'GET', url: `${emulator.origin}/userinfo?${qs}`, headers };
        case 'token':
          return {
            method: 'POST',
            url: `${emulator.origin}/oauth/token`,
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            body: qs,
          };
        case 'token-json':
          return {
            method: 'POST',
            url: `${emulator.origin}/oauth/token`,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(Object.fromEntries(p)),
          };
      }
    });
}

/** Status classes seen per surface (`2xx`, `3xx`, `4xx`), to show the fuzz reaches handlers. */
type Histogram = Map<string, number>;

/** The property every fuzzed request must hold. */
async function holds(r: Sent, seen: Histogram, management = false): Promise<void> {
  const res = await send(r);
  const bucket = `${String(res.status)[0]}xx`;
  seen.set(bucket, (seen.get(bucket) ?? 0) + 1);
  expect(res.status, describe(r)).toBeLessThan(500);
  if (management && res.status >= 400 && res.type.startsWith('application/json')) {
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(body.statusCode, describe(r)).toBe(res.status);
    expect(typeof body.error, describe(r)).toBe('string');
    expect(typeof body.message, describe(r)).toBe('string');
  }
}

test.describe('Fuzzing the HTTP surface: no 5xx, an intact tenant afterwards', () => {
  test('should answer every fuzzed request without a 5xx and stay usable', async ({
    emulator,
    page,
  }) => {
    test.setTimeout(180_000);
    const { tenant } = emulator.context;
    const mgmt = managementClient(emulator);
    const email = uniqueEmail('fuzz-known');
    const known = await mgmt.users.create({
      connection: tenant.connection.name,
      email,
      password: GOOD_PASSWORD,
    });
    const snapshot = {
      settings: structuredClone(tenant.settings),
      prompts: structuredClone(tenant.promptSettings),
      botDetection: structuredClone(tenant.botDetection),
      policies: [...tenant.guardianPolicies],
      factors: (await mgmt.guardian.factors.list()).map((f) => ({
        name: f.name,
        enabled: f.enabled,
      })),
    };
    const fixture: Fixture = {
      emulator,
      token: await managementToken(emulator),
      narrow: await managementToken(emulator, 'read:logs'),
      routes: managementRoutes(new Router(), emulator.context).routes,
      knownUserId: known.user_id as string,
    };
    // The bucket never runs dry here: the fuzz is about input, not about rate limits.
    let tick = Date.now();
    rateLimitClock.now = () => (tick += 1_000);
    const started = Date.now();
    const seen: Record<'management' | 'universalLogin' | 'oidc', Histogram> = {
      management: new Map<string, number>(),
      universalLogin: new Map<string, number>(),
      oidc: new Map<string, number>(),
    };
    try {
      await test.step('Management API', () =>
        fc.assert(
          fc.asyncProperty(managementRequest(fixture), (r) => holds(r, seen.management, true)),
          params(1),
        ));
      const real = await realTransaction(emulator);
      expect(real.state).not.toBe('');
      await test.step('Universal Login POST routes', () =>
        fc.assert(
          fc.asyncProperty(universalLoginRequest(emulator, real), (r) =>
            holds(r, seen.universalLogin),
          ),
          params(2),
        ));
      await test.step('OIDC routes', () =>
        fc.assert(
          fc.asyncProperty(oidcRequest(emulator, fixture.token), (r) => holds(r, seen.oidc)),
          params(3),
        ));
    } finally {
      rateLimitClock.now = () => Date.now();
    }
    const summary = Object.entries(seen)
      .map(([surface, h]) => `${surface} ${JSON.stringify(Object.fromEntries([...h].sort()))}`)
      .join('; ');
    await test.info().attach('fuzz summary', {
      body: `${3 * RUNS} requests in ${Date.now() - started} ms, seed ${SEED}: ${summary}`,
      contentType: 'text/plain',
    });
    // The fuzz reaches the handlers, not only the validation in front of them.
    for (const [surface, h] of Object.entries(seen)) {
      expect(h.get('4xx') ?? 0, `${surface}: ${summary}`).toBeGreaterThan(0);
      expect((h.get('2xx') ?? 0) + (h.get('3xx') ?? 0), `${surface}: ${summary}`).toBeGreaterThan(
        0,
      );
    }

    await test.step('the tenant is intact', async () => {
      const health = await fetch(`${emulator.origin}/healthz`);
      expect(health.status).toBe(200);
      expect(Object.keys(Object.prototype)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // Configuration the fuzz may have changed with valid writes goes back through the API.
      // Settings, prompts and Bot Detection are put back in memory (a PATCH cannot remove keys).
      tenant.settings = snapshot.settings;
      tenant.promptSettings = snapshot.prompts;
      tenant.botDetection = snapshot.botDetection;
      await mgmt.guardian.policies.set(
        snapshot.policies as ('all-applications' | 'confidence-score')[],
      );
      for (const f of snapshot.factors)
        if (f.name) await mgmt.guardian.factors.set(f.name, { enabled: f.enabled === true });
      await mgmt.actions.triggers.bindings.updateMany('post-login', { bindings: [] });
      await mgmt.userBlocks.deleteByIdentifier({ identifier: email });

      const read = await mgmt.users.get(known.user_id as string);
      expect(read.email).toBe(email.toLowerCase());
      const callback = watchCallback(page, emulator);
      const login = await logIn(page, emulator, email, GOOD_PASSWORD);
      const claims = await exchange(login.started, await callback.next());
      expect(claims.email).toBe(email.toLowerCase());
    });
  });
});
