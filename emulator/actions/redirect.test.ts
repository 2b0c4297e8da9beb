/**
 * Redirect Actions: `api.redirect.sendUserTo`, `encodeToken`, `validateToken` and resuming in
 * `onContinuePostLogin` (redirect-with-actions, auth0-behaviour.md §1.3).
 */
import { test, expect } from '@playwright/test';
import { jwtVerify } from 'jose';
import { executeAction } from './runtime.ts';
import { sampleEvent, sampleEventInput } from './sample-event.ts';

const SECRET = 'a-shared-secret-of-reasonable-length';
const NOW = new Date('2026-09-20T10:00:00.000Z');

const action = `
exports.onExecutePostLogin = async (event, api) => {
  const token = api.redirect.encodeToken({
    secret: event.secrets.SESSION_SECRET,
    payload: { email: event.user.email, state: 'auth0-resume-state' },
  });
  api.redirect.sendUserTo('https://consent.example.com/terms', { query: { session_token: token } });
};
exports.onContinuePostLogin = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.SESSION_SECRET });
  console.log(payload.email, payload instanceof Object);
  api.user.setAppMetadata('terms_accepted', true);
};
`;

async function redirectToken(now = NOW): Promise<string> {
  const result = await executeAction({
    code: action,
    handler: 'onExecutePostLogin',
    event: sampleEvent(),
    secrets: { SESSION_SECRET: SECRET },
    now: () => now,
  });
  expect(result.outcome).toBe('ok');
  return result.redirect!.query.session_token!;
}

/** The event for the `/continue` request: a new `event.request` (limitations). */
function continueEvent(request: {
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}) {
  const input = sampleEventInput();
  return sampleEvent({
    request: { ...input.request, query: request.query ?? {}, body: request.body ?? {} },
  });
}

function resume(event: ReturnType<typeof continueEvent>, now = NOW) {
  return executeAction({
    code: action,
    handler: 'onContinuePostLogin',
    event,
    secrets: { SESSION_SECRET: SECRET },
    now: () => now,
  });
}

test.describe('api.redirect', () => {
  test('should record sendUserTo with its query', async () => {
    const result = await executeAction({
      code: action,
      handler: 'onExecutePostLogin',
      event: sampleEvent(),
      secrets: { SESSION_SECRET: SECRET },
    });
    expect(result.redirect).toEqual({
      url: 'https://consent.example.com/terms',
      query: { session_token: expect.any(String) },
    });
  });

  test('should encode an HS256 token with sub, iss, ip, exp (900 s) and the payload, verifiable by jose', async () => {
    const token = await redirectToken();
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
      currentDate: NOW,
      algorithms: ['HS256'],
    });
    expect(protectedHeader.alg).toBe('HS256');
    const iat = NOW.getTime() / 1000;
    expect(payload).toEqual({
      sub: 'auth0|65f0c0ffee0000000000beef',
      iss: 'localhost',
      ip: '127.0.0.1',
      email: 'new.user@example.com',
      state: 'auth0-resume-state',
      iat,
      exp: iat + 900,
    });
  });

  test('should validate a token POSTed to /continue and resume in onContinuePostLogin', async () => {
    const token = await redirectToken();
    const result = await resume(
      continueEvent({ body: { state: 'auth0-resume-state', session_token: token } }),
    );
    expect(result.outcome).toBe('ok');
    expect(result.consoleLines).toEqual(['new.user@example.com true']);
    expect(result.appMetadata).toEqual({ terms_accepted: true });
  });

  test('should also accept the token as a query parameter', async () => {
    const token = await redirectToken();
    const result = await resume(
      continueEvent({ query: { state: 'auth0-resume-state', session_token: token } }),
    );
    expect(result.outcome).toBe('ok');
  });

  test('should reject a tampered token inside the Action', async () => {
    const token = await redirectToken();
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, email: 'attacker@example.com' })).toString('base64url')}.${s}`;
    const result = await resume(
      continueEvent({ body: { state: 'auth0-resume-state', session_token: forged } }),
    );
    expect(result.outcome).toBe('failed');
    expect(result.error).toEqual({
      kind: 'threw',
      message: 'Error: The session token signature is invalid',
    });
    expect(result.appMetadata).toEqual({});
  });

  test('should reject a token signed with another secret, an expired token and a state mismatch', async () => {
    const token = await redirectToken();
    const other = await executeAction({
      code: action,
      handler: 'onContinuePostLogin',
      event: continueEvent({ body: { state: 'auth0-resume-state', session_token: token } }),
      secrets: { SESSION_SECRET: 'another-secret' },
      now: () => NOW,
    });
    expect(other.error?.message).toBe('Error: The session token signature is invalid');

    const expired = await resume(
      continueEvent({ body: { state: 'auth0-resume-state', session_token: token } }),
      new Date(NOW.getTime() + 901_000),
    );
    expect(expired.error?.message).toBe('Error: The session token has expired');

    const mismatch = await resume(
      continueEvent({ body: { state: 'some-other-state', session_token: token } }),
    );
    expect(mismatch.error?.message).toBe(
      'Error: The session token "state" claim does not match the state of the transaction',
    );

    const missing = await resume(continueEvent({ body: { state: 'auth0-resume-state' } }));
    expect(missing.error?.message).toBe(
      'Error: No session token found in the "session_token" parameter',
    );
  });

  test('should reject a token whose header claims alg "none"', async () => {
    const token = await redirectToken();
    const [, p] = token.split('.') as [string, string];
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    const result = await resume(
      continueEvent({ body: { state: 'auth0-resume-state', session_token: none } }),
    );
    expect(result.error?.message).toBe(
      'Error: Unexpected session token algorithm "none", expected "HS256"',
    );
  });

  test('should say a refresh-token exchange cannot redirect', async () => {
    const input = sampleEventInput();
    const code = `exports.onExecutePostLogin = async (event, api) => { console.log(api.redirect.canRedirect()); };`;
    const browser = await executeAction({
      code,
      handler: 'onExecutePostLogin',
      event: sampleEvent(input),
      secrets: {},
    });
    const refresh = await executeAction({
      code,
      handler: 'onExecutePostLogin',
      event: sampleEvent({
        transaction: { ...input.transaction, protocol: 'oauth2-refresh-token' },
      }),
      secrets: {},
    });
    expect([browser.consoleLines, refresh.consoleLines]).toEqual([['true'], ['false']]);
  });
});
