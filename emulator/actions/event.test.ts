/**
 * `buildPostLoginEvent` and the user-view helpers: the post-login v3 event shape
 * (post-login-event-object, auth0-behaviour.md §1.2) and its isolation from emulator state.
 */
import { test, expect } from '@playwright/test';
import type { UserRecord } from '../tenant/store.ts';
import {
  buildPostLoginEvent,
  enrolledFactorsOf,
  multifactorOf,
  userViewFromRecord,
} from './event.ts';
import { sampleEventInput } from './sample-event.ts';

const record: UserRecord = {
  user_id: 'auth0|abc123',
  email: 'someone@example.com',
  email_verified: true,
  name: 'someone@example.com',
  nickname: 'someone',
  picture: 'https://s.gravatar.com/avatar/1',
  connection: 'Username-Password-Authentication',
  password_hash: 'scrypt$c2FsdA==$aGFzaA==',
  created_at: '2026-09-20T10:00:00.000Z',
  updated_at: '2026-09-20T10:00:00.000Z',
  logins_count: 2,
  blocked: false,
  app_metadata: { biometrics: { enrolled: true } },
  user_metadata: {},
  authenticators: [
    {
      type: 'otp',
      id: 'totp|dev_1',
      secret: 'JBSWY3DPEHPK3PXP',
      confirmed: true,
      created_at: '2026-09-20T10:01:00.000Z',
      usedSteps: [1],
    },
    {
      type: 'webauthn-platform',
      id: 'webauthn-platform|dev_2',
      credentialId: 'Y3JlZA',
      publicKey: 'cGs',
      counter: 0,
      transports: ['internal'],
      name: 'Chrome on Linux',
      confirmed: false,
      created_at: '2026-09-20T10:02:00.000Z',
    },
  ],
};

test.describe('buildPostLoginEvent', () => {
  test('should produce the v3 event shape with transaction metadata and roles', () => {
    const event = buildPostLoginEvent(
      sampleEventInput({
        transactionMetadata: { step: 1 },
        enrolledFactors: [{ type: 'otp' }],
        multifactor: ['guardian'],
      }),
    );
    expect(event.user.enrolledFactors).toEqual([{ type: 'otp' }]);
    expect(event.user.multifactor).toEqual(['guardian']);
    expect(event.transaction?.metadata).toEqual({ step: 1 });
    expect(event.transaction?.protocol).toBe('oidc-basic-profile');
    expect(event.authentication.methods).toEqual([
      { name: 'pwd', timestamp: '2026-09-20T10:00:05.000Z' },
    ]);
    expect(event.tenant).toEqual({ id: 'biometric-e2e' });
    expect(event.authorization).toEqual({ roles: [] });
    expect(event.secrets).toEqual({});
    expect(event).not.toHaveProperty('session');
  });

  test('should deep-copy its inputs and deep-freeze the result', () => {
    const input = sampleEventInput();
    const event = buildPostLoginEvent(input);
    input.user.app_metadata.later = true;
    input.methods.push({ name: 'mfa', timestamp: 'x', type: 'otp' });
    expect(event.user.app_metadata).toEqual({});
    expect(event.authentication.methods).toHaveLength(1);
    expect(Object.isFrozen(event.user.app_metadata)).toBe(true);
    expect(Object.isFrozen(event.user.identities[0])).toBe(true);
    expect(() => {
      (event.user as { email?: string }).email = 'x';
    }).toThrow(TypeError);
  });
});

test.describe('user view helpers', () => {
  test('should expose profile fields and never the password hash or authenticator secrets', () => {
    const view = userViewFromRecord(record);
    expect(view).toEqual({
      app_metadata: { biometrics: { enrolled: true } },
      user_metadata: {},
      created_at: '2026-09-20T10:00:00.000Z',
      email: 'someone@example.com',
      email_verified: true,
      name: 'someone@example.com',
      nickname: 'someone',
      picture: 'https://s.gravatar.com/avatar/1',
      updated_at: '2026-09-20T10:00:00.000Z',
      user_id: 'auth0|abc123',
      identities: [
        {
          connection: 'Username-Password-Authentication',
          isSocial: false,
          provider: 'auth0',
          user_id: 'abc123',
        },
      ],
    });
    expect(JSON.stringify(view)).not.toContain('scrypt');
    view.app_metadata.changed = true;
    expect(record.app_metadata).toEqual({ biometrics: { enrolled: true } });
  });

  test('should list only confirmed factors, in the Actions vocabulary', () => {
    expect(enrolledFactorsOf(record.authenticators)).toEqual([{ type: 'otp' }]);
    expect(multifactorOf(record.authenticators)).toEqual(['guardian']);
    expect(multifactorOf([])).toBeUndefined();
  });
});
