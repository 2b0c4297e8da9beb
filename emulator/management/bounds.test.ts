/**
 * Bad input never gives a 5xx (reliability audit §6): deep metadata and settings objects, huge
 * or deeply nested Lucene queries and pathological wildcards are refused with 400 naming the
 * property, and a committed write is never turned into an error by its log line (which would
 * make the SDK retry, and so duplicate, the write).
 */
import { ManagementClient, Management } from 'auth0';
import { test, expect } from '../testing/management-fixtures.ts';
import type { Emulator } from '../app.ts';
import { MAX_FREEFORM_DEPTH } from '../tenant/json-depth.ts';
import { redact, TRUNCATED } from './redact.ts';
import { GOOD_PASSWORD, api, emulatorFetch, uniqueEmail } from './test-client.ts';

/** A worker of its own: this file makes the tenant's log stream fail on purpose. */
test.use({ emulatorConfig: { tenantName: 'bounds' } });

/** `{"a":{"a":…1…}}`, `levels` objects deep (the outer one is level 1). */
const deepObject = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
/** `[[[…]]]`, `levels` arrays deep. */
const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

const payloadError = (message: string) => ({
  statusCode: 400,
  error: 'Bad Request',
  message,
  errorCode: 'invalid_body',
});

async function builtAction(mgmt: ManagementClient): Promise<string> {
  const action = await mgmt.actions.create({
    name: `bounds-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    code: 'exports.onExecutePostLogin = async () => {};',
  });
  const id = action.id as string;
  await expect
    .poll(async () => (await mgmt.actions.get(id)).status, { timeout: 5000 })
    .toBe('built');
  return id;
}

/** The SDK, with a `fetch` that counts deploy requests and may replace their body. */
function deployingClient(emulator: Emulator, body?: string) {
  const inner = emulatorFetch(emulator);
  const seen: number[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('/deploy')) return inner(input, init);
    const headers = new Headers(init?.headers);
    headers.set('content-type', 'application/json');
    const res = await inner(input, body === undefined ? init : { ...init, body, headers });
    seen.push(res.status);
    return res;
  };
  const { clientId, clientSecret } = emulator.context.config.mgmt;
  const mgmt = new ManagementClient({
    domain: emulator.context.domain,
    clientId,
    clientSecret,
    fetch: fetchFn,
    maxRetries: 2,
  });
  return { mgmt, seen };
}

test.describe('Management API bounds (reliability audit §6)', () => {
  test('should refuse deep metadata with 400 naming the property and store nothing', async ({
    emulator,
    mgmt,
    token,
    createUser,
  }) => {
    const connection = emulator.context.tenant.connection.name;
    const before = emulator.context.tenant.users.size;
    for (const levels of [MAX_FREEFORM_DEPTH + 1, 5_000, 20_000, 100_000]) {
      for (const property of ['app_metadata', 'user_metadata']) {
        const body = `{"connection":"${connection}","email":"${uniqueEmail('deep')}","password":"${GOOD_PASSWORD}","${property}":${deepObject(levels)}}`;
        const res = await api(emulator, 'POST', '/users', { token, body });
        expect(res.body, `${property} ${levels}`).toEqual(
          payloadError(
            `Payload validation error: 'Object is nested too deeply (more than ${MAX_FREEFORM_DEPTH} levels)' on property ${property}.`,
          ),
        );
      }
    }
    expect(emulator.context.tenant.users.size).toBe(before);
    const user = await createUser('deep-ok', {
      app_metadata: JSON.parse(deepObject(MAX_FREEFORM_DEPTH)) as Record<string, unknown>,
    });
    const path = `/users/${encodeURIComponent(user.user_id as string)}`;
    const patch = await api(emulator, 'PATCH', path, {
      token,
      body: `{"user_metadata":${deepObject(50_000)}}`,
    });
    expect(patch.status).toBe(400);
    expect((await mgmt.users.get(user.user_id as string)).user_metadata).toEqual({});
  });

  test("should refuse metadata field names Auth0's docs forbid", async ({ emulator, token }) => {
    const connection = emulator.context.tenant.connection.name;
    const create = (meta: Record<string, unknown>) =>
      api(emulator, 'POST', '/users', {
        token,
        json: { connection, email: uniqueEmail('names'), password: GOOD_PASSWORD, ...meta },
      });
    expect((await create({ user_metadata: { 'preference.color': 'pink' } })).body).toEqual(
      payloadError(
        `Payload validation error: 'Field names must not contain "." or "$": preference.color' on property user_metadata.`,
      ),
    );
    expect((await create({ app_metadata: { nested: { $set: 1 } } })).status).toBe(400);
    expect((await create({ app_metadata: { blocked: true } })).body).toEqual(
      payloadError(
        "Payload validation error: 'Field may not be stored in app_metadata: blocked' on property app_metadata.",
      ),
    );
    expect((await create({ user_metadata: { preference: { color: 'pink' } } })).status).toBe(201);
  });

  test('should refuse a deep free-form settings object with 400 naming it', async ({
    emulator,
    token,
  }) => {
    const before = JSON.stringify(emulator.context.tenant.settings);
    const res = await api(emulator, 'PATCH', '/tenants/settings', {
      token,
      body: `{"flags":${deepObject(100_000)}}`,
    });
    expect(res.body).toEqual(
      payloadError(
        `Payload validation error: 'Object is nested too deeply (more than ${MAX_FREEFORM_DEPTH} levels)' on property flags.`,
      ),
    );
    expect(JSON.stringify(emulator.context.tenant.settings)).toBe(before);
  });

  test('should refuse huge or deeply nested Lucene queries with 400 invalid_query_string', async ({
    emulator,
    token,
  }) => {
    // Node refuses request lines over 16 KB (431) before any route: these stay below it.
    const queries: [string, string | undefined][] = [
      ['('.repeat(5_000) + 'a' + ')'.repeat(5_000), 'longer than 2048 characters'],
      ['x'.repeat(10_000), 'longer than 2048 characters'],
      ['('.repeat(17) + 'a' + ')'.repeat(17), 'nested deeper than 16 levels'],
      ['NOT '.repeat(17) + 'a', 'nested deeper than 16 levels'],
      ['- '.repeat(17) + 'a', 'nested deeper than 16 levels'],
      [Array.from({ length: 257 }, () => 'a').join(' OR '), 'more than 256 terms'],
    ];
    for (const resource of ['/users', '/logs']) {
      for (const [q, detail] of queries) {
        const res = await api(emulator, 'GET', `${resource}?q=${encodeURIComponent(q)}`, {
          token,
        });
        const message =
          detail === 'longer than 2048 characters'
            ? `Query validation error: 'String is too long (${q.length} chars), maximum 2048' on property q.`
            : `Query validation error: 'Invalid query: ${detail}'.`;
        expect(res.body, `${resource} ${q.slice(0, 12)}`).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message,
          errorCode: 'invalid_query_string',
        });
      }
      const nested = '('.repeat(16) + 'a' + ')'.repeat(16);
      const ok = await api(emulator, 'GET', `${resource}?q=${encodeURIComponent(nested)}`, {
        token,
      });
      expect(ok.status, `${resource} 16 levels`).toBe(200);
    }
  });

  test('should match a pathological wildcard without backtracking', async ({
    emulator,
    mgmt,
    token,
  }) => {
    await mgmt.users.create({
      connection: emulator.context.tenant.connection.name,
      email: `${'a'.repeat(60)}@example.com`,
      password: GOOD_PASSWORD,
    });
    const q = `email:${'*a'.repeat(40)}*b`;
    const started = Date.now();
    const res = await api(emulator, 'GET', `/users?q=${encodeURIComponent(q)}`, { token });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('should answer a deploy with a 100k-deep body as a 400, without deploying, and the SDK does not retry it', async ({
    emulator,
  }) => {
    const { mgmt, seen } = deployingClient(emulator, deepArray(100_000));
    const id = await builtAction(mgmt);
    const err = await mgmt.actions.deploy(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Management.BadRequestError);
    expect((err as Management.BadRequestError).body).toEqual(
      payloadError("Payload validation error: 'Expected type object but found type array'."),
    );
    expect(seen).toEqual([400]);
    expect(emulator.context.tenant.actions.get(id)?.versions).toHaveLength(0);

    const tooLarge = deployingClient(emulator, `{"a":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    const big = await tooLarge.mgmt.actions.deploy(id).catch((e: unknown) => e);
    expect((big as Management.BadRequestError).statusCode).toBe(413);
    expect(tooLarge.seen).toEqual([413]);
    expect(emulator.context.tenant.actions.get(id)?.versions).toHaveLength(0);
  });

  test('should keep a committed write committed when its log line cannot be written', async ({
    emulator,
  }) => {
    const { mgmt, seen } = deployingClient(emulator);
    const id = await builtAction(mgmt);
    const stderr: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void stderr.push(args.map(String).join(' '));
    const stop = emulator.context.tenant.logs.subscribe((e) => {
      if (e.type === 'sapi') throw new Error('log sink down');
    });
    try {
      const version = await mgmt.actions.deploy(id);
      expect(version.action_id).toBe(id);
    } finally {
      stop();
      console.error = original;
    }
    // One request, answered 200: no retry, so exactly one version.
    expect(seen).toEqual([200]);
    expect(emulator.context.tenant.actions.get(id)?.versions).toHaveLength(1);
    expect(stderr.join('\n')).toContain('sapi log for POST');
    expect(stderr.join('\n')).toContain('log sink down');
  });

  test('should redact iteratively and truncate beyond its depth bound', () => {
    const deep = JSON.parse(deepObject(100_000)) as unknown;
    const copy = redact(deep, false, 3) as { a: { a: { a: unknown } } };
    expect(copy).toEqual({ a: { a: { a: TRUNCATED } } });
    expect(() => redact(deep)).not.toThrow();
    const parsed = JSON.parse(
      '{"__proto__":{"password":"p"},"list":[{"password":"q"}]}',
    ) as unknown;
    const out = redact(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({
      password: '[REDACTED]',
    });
    expect(out.list).toEqual([{ password: '[REDACTED]' }]);
  });
});
