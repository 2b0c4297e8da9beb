/**
 * `POST /oauth/token` as Auth0 answers it (https://auth0.com/docs/api/authentication#get-token):
 * JSON bodies as well as forms, and Auth0's status codes and bodies for refused grants
 * (token-endpoint.ts lists the sources of each text). Exchanges of real authorization codes
 * (reused code, wrong PKCE verifier) are in authorization-code.test.ts.
 */
import { test, expect } from '../testing/fixtures.ts';
import type { Emulator } from '../app.ts';
import { postToken, postTokenBody } from '../testing/token-request.ts';

type Form = Record<string, string>;

const asJson = (emulator: Emulator, json: unknown) =>
  postTokenBody(emulator, JSON.stringify(json), 'application/json');

/** The M2M application's client-credentials request for the Management API. */
const m2m = (emulator: Emulator, extra: Form = {}): Form => ({
  grant_type: 'client_credentials',
  client_id: emulator.context.config.mgmt.clientId,
  client_secret: emulator.context.config.mgmt.clientSecret,
  audience: emulator.context.managementAudience,
  ...extra,
});

/** The regular web application's credentials. */
const app = (emulator: Emulator, extra: Form): Form => ({
  client_id: emulator.context.config.app.clientId,
  client_secret: emulator.context.config.app.clientSecret,
  ...extra,
});

async function expectError(res: Response, status: number, error: string, description: string) {
  expect(res.status, `${error}: ${description}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({ error, error_description: description });
}

test.describe('POST /oauth/token (https://auth0.com/docs/api/authentication#get-token)', () => {
  test('should accept a JSON body as well as a form body', async ({ emulator }) => {
    const before = emulator.context.tenant.logs.all().length;
    const res = await asJson(emulator, m2m(emulator));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    const logged = emulator.context.tenant.logs.all().slice(before);
    expect(logged.map((e) => e.type)).toEqual(['seccft']);

    // The token works on the Management API.
    const users = await fetch(`${emulator.origin}/api/v2/users`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(users.status).toBe(200);

    const charset = await postTokenBody(
      emulator,
      JSON.stringify(m2m(emulator)),
      'application/json; charset=utf-8',
    );
    expect(charset.status).toBe(200);
  });

  test('should answer a wrong client secret with 401 access_denied, as JSON or form', async ({
    emulator,
  }) => {
    const wrong = m2m(emulator, { client_secret: 'not-the-secret' });
    await expectError(await asJson(emulator, wrong), 401, 'access_denied', 'Unauthorized');
    await expectError(await postToken(emulator, wrong), 401, 'access_denied', 'Unauthorized');
  });

  test('should refuse JSON that is not an object of strings with 400 invalid_request', async ({
    emulator,
  }) => {
    const cases: [string, string][] = [
      ['{"grant_type":', 'Invalid JSON body'],
      ['[]', 'The request body must be a JSON object'],
      ['null', 'The request body must be a JSON object'],
      ['"client_credentials"', 'The request body must be a JSON object'],
      [JSON.stringify({ ...m2m(emulator), client_id: 42 }), 'Parameter client_id must be a string'],
      [
        JSON.stringify({ ...m2m(emulator), scope: ['read:users'] }),
        'Parameter scope must be a string',
      ],
      [`{"a":"${'x'.repeat(60 * 1024)}"}`, 'Request body too large'],
      ['['.repeat(100_000) + ']'.repeat(100_000), 'Request body too large'],
    ];
    for (const [body, description] of cases) {
      await expectError(
        await postTokenBody(emulator, body, 'application/json'),
        400,
        'invalid_request',
        description,
      );
    }
  });

  test('should answer an unknown authorization code with 403 Invalid authorization code', async ({
    emulator,
  }) => {
    const exchange = app(emulator, {
      grant_type: 'authorization_code',
      code: 'not-a-code',
      redirect_uri: emulator.context.config.app.callbackUrls[0] ?? '',
      code_verifier: 'v'.repeat(43),
    });
    for (const res of [await postToken(emulator, exchange), await asJson(emulator, exchange)]) {
      await expectError(res, 403, 'invalid_grant', 'Invalid authorization code');
    }
  });

  // Form posts Auth0 refuses: [test title, the form, status, error, error_description].
  const refused: [string, (e: Emulator) => Form, number, string, string][] = [
    [
      'should answer an unknown refresh token with 403 Unknown or invalid refresh token.',
      (e) => app(e, { grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' }),
      403,
      'invalid_grant',
      'Unknown or invalid refresh token.',
    ],
    [
      'should answer a grant type the application may not use with 403 unauthorized_client',
      (e) => m2m(e, { grant_type: 'authorization_code', code: 'x', redirect_uri: 'x' }),
      403,
      'unauthorized_client',
      "Grant type 'authorization_code' not allowed for the client.",
    ],
    [
      'should answer an unknown grant type with unsupported_grant_type',
      (e) => m2m(e, { grant_type: 'password' }),
      400,
      'unsupported_grant_type',
      'Unsupported grant type: password',
    ],
  ];
  for (const [title, form, status, error, description] of refused) {
    test(title, async ({ emulator }) => {
      await expectError(await postToken(emulator, form(emulator)), status, error, description);
    });
  }

  test('should answer in JSON even when the client asks for HTML', async ({ emulator }) => {
    const res = await postToken(emulator, m2m(emulator, { client_secret: 'wrong' }), {
      accept: 'text/html',
    });
    await expectError(res, 401, 'access_denied', 'Unauthorized');
  });
});
