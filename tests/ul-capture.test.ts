/**
 * The masked capture of a journey (helpers/capture/, fixtures/capture.ts): every Universal Login
 * screen the walker passes (path, headings, forms: input names/ids/types, buttons' names/values/
 * texts) with no value a user typed and no secret, and every tenant log event the evidence read
 * (type and field names, values masked), in a stable key order.
 */
import { CaptureRecorder } from '../helpers/capture/capture-recorder.ts';
import { logFields, stableJson } from '../helpers/capture/mask.ts';
import { Redactor } from '../helpers/report/redact.ts';
import { CONTINUE, expect, test, ulScreen, walkerFor, USER } from './ul-screens-support.ts';

const META = {
  target: 'test',
  tenant: 'tenant.test',
  journey: { file: 'e2e/x.spec.ts', title: 'x', project: 'journey' },
};
/** A made-up TOTP secret, in the 32-character base32 form Auth0 shows. */
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

test.describe('masked capture of a journey', () => {
  test('should capture paths, headings, inputs and buttons but no typed value, email or secret', async ({
    page,
    open,
  }) => {
    const tenant = await open('/u/login', {
      '/u/login': {
        html: ulScreen(
          'Welcome',
          `<input type="text" name="username" id="username"><input type="password" name="password" id="password">${CONTINUE}`,
        ),
        onPost: () => '/u/mfa-otp-enrollment-code',
      },
      '/u/mfa-otp-enrollment-code': {
        html: ulScreen(
          `Secure Your Account, ${USER.email}`,
          `<p>Manually enter the following code</p><h2>${TOTP_SECRET}</h2>
<input type="text" name="code" id="code" value="123456">${CONTINUE}`,
        ),
        onPost: () => '/callback',
      },
    });
    const redactor = new Redactor();
    redactor.add(USER.password, 'password');
    const capture = new CaptureRecorder(META, (t) => redactor.redact(t));
    const walker = walkerFor(page, tenant, { observer: capture }, redactor);
    // The capture reads each screen on arrival, before the walker registers the TOTP secret.
    await walker.complete('login 1', { ...USER });
    const json = capture.toJson();
    const [login] = capture.toCapture().logins;
    expect(login?.screens.map((s) => s.path)).toEqual(['/u/login', '/u/mfa-otp-enrollment-code']);
    expect(login?.screens[0]).toEqual({
      path: '/u/login',
      title: 'Welcome - Test App',
      headings: ['Welcome'],
      forms: [
        {
          method: 'post',
          action: '',
          inputs: [
            { name: 'state', id: '', type: 'hidden', visible: false },
            { name: 'username', id: 'username', type: 'text', visible: true },
            { name: 'password', id: 'password', type: 'password', visible: true },
          ],
          buttons: [
            { name: 'action', value: 'default', text: 'Continue', type: 'submit', visible: true },
          ],
        },
      ],
    });
    expect(login?.screens[1]?.headings).toEqual([
      'Secure Your Account, [email]',
      '[secret-shaped]',
    ]);
    for (const leak of [USER.email, USER.password, TOTP_SECRET, 'st-1', '123456']) {
      expect(json).not.toContain(leak);
    }
  });

  test('should shape a tenant log event as its type and field names with masked values', () => {
    const capture = new CaptureRecorder(META, (t) => new Redactor().redact(t));
    capture.addLogExcerpt('login 2', {
      status: 'complete',
      events: [
        {
          type: 'gd_auth_succeed',
          date: '2026-01-01T00:00:00.000Z',
          user_name: USER.email,
          ip: '203.0.113.9',
          details: { authenticator: { id: 'dev_abc', type: 'webauthn-platform' } },
        },
        {
          type: 's',
          details: { prompts: [{ name: 'mfa', performed_amr: ['mfa'] }], stats: {} },
        },
      ],
    });
    const [login] = capture.toCapture().logins;
    expect(login?.logStatus).toBe('complete');
    expect(login?.logEvents).toEqual([
      {
        type: 'gd_auth_succeed',
        fields: {
          type: '<string>',
          date: '<string>',
          user_name: '<string>',
          ip: '<string>',
          'details.authenticator.id': '<string>',
          'details.authenticator.type': 'webauthn-platform',
        },
      },
      {
        type: 's',
        fields: {
          type: '<string>',
          'details.prompts[]': '<array>',
          'details.prompts[].name': 'mfa',
          'details.prompts[].performed_amr[]': '<string>',
          'details.stats': '<object>',
        },
      },
    ]);
    expect(capture.toJson()).not.toContain(USER.email);
    expect(capture.toJson()).not.toContain('203.0.113.9');
  });

  test('should write the same file whatever order the keys were built in', () => {
    const a = stableJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 3 } });
    const b = stableJson({ a: { c: 3, d: [{ x: 2, y: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a.indexOf('"a"')).toBeLessThan(a.indexOf('"b"'));
  });

  test('should keep a value only for the Auth0 enums it compares', () => {
    const fields = logFields(
      { strategy: 'auth0', connection: 'Username-Password-Authentication', client_name: 'App' },
      (t) => t,
    );
    expect(fields).toEqual({
      strategy: 'auth0',
      connection: '<string>',
      client_name: '<string>',
    });
  });
});
