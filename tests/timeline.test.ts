import { test, expect } from '@playwright/test';
import type { Expectation, LoginEvidence } from '../helpers/evidence/model.ts';
import { renderTimelineSvg } from '../helpers/evidence/timeline.ts';
import { recordLogin } from '../helpers/evidence/verdict.ts';

const NOT_CHALLENGED: Expectation = { verdict: 'not-challenged', basis: 'documented' };
/** The timeline of `e`, from the record stored once its evidence is complete. */
const timeline = (e: LoginEvidence, expectation: Expectation = NOT_CHALLENGED) =>
  renderTimelineSvg(recordLogin(e, expectation));

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
/** The SVG's text, as a reader sees it (lines joined). */
const textOf = (svg: string) =>
  svg
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/** Login 1 of a platform that reads the user fresh: enrolled, then challenged at once. */
function freshLogin1(): LoginEvidence {
  const cred = 'Y3JlZGVudGlhbC1pZA';
  return {
    label: 'login 1',
    startedAt: T0,
    endedAt: T0 + 4000,
    userBefore: { at: T0 - 50, exists: false },
    actionsBound: { at: T0 - 40, names: ['Biometric enrollment (e2e)'] },
    screens: [
      { path: '/u/signup', at: T0 + 300 },
      { path: '/u/mfa-otp-enrollment-code', at: T0 + 1500 },
      { path: '/u/mfa-webauthn-platform-enrollment', at: T0 + 2500 },
      { path: '/u/mfa-webauthn-platform-challenge', at: T0 + 3100 },
    ],
    webauthnCalls: [
      { kind: 'create', outcome: 'resolved', at: T0 + 2700, path: '/u/x' },
      { kind: 'get', outcome: 'resolved', at: T0 + 3300, path: '/u/y' },
    ],
    authenticatorEvents: [
      { kind: 'added', at: T0 + 2710, credentialId: cred, signCount: 1 },
      { kind: 'asserted', at: T0 + 3310, credentialId: cred, signCount: 2 },
    ],
    credentialsBefore: [],
    credentialsAfter: [{ credentialId: cred, rpId: 'localhost', signCount: 2 }],
    amr: ['mfa'],
    logs: {
      status: 'complete',
      events: [
        { date: iso(800), type: 'ss' },
        {
          date: iso(2900),
          type: 'gd_enrollment_complete',
          authenticatorType: 'webauthn-platform',
        },
        { date: iso(3000), type: 'mfar', summary: 'factors webauthn-platform,otp' },
        { date: iso(3050), type: 'gd_start_auth', authenticatorType: 'webauthn-platform' },
        { date: iso(3350), type: 'gd_auth_succeed', authenticatorType: 'webauthn-platform' },
        { date: iso(3400), type: 's', summary: 'amr ["mfa"]' },
      ],
    },
  };
}

test.describe('helpers/timeline', () => {
  test('should render a self-contained SVG with no script and no external reference', () => {
    const svg = timeline(freshLogin1());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|<image|<foreignObject|href=|url\(|@import|@font-face/i);
    // The only URL is the SVG namespace.
    expect(svg.match(/https?:\/\/[^\s"']+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  test('should say which login broke the documented expectation and why', () => {
    const svg = textOf(timeline(freshLogin1()));
    expect(svg).toContain(
      '✗ login 1: challenged for device biometrics — Auth0 documents: NOT challenged',
    );
    expect(svg).toContain('the user did not exist before this login');
    expect(svg).toContain('enrolled at +2.90 s and challenged at +3.10 s in the SAME');
    for (const lane of ['/u/mfa-webauthn-platform-challenge', 'get() resolved', 'sign 2']) {
      expect(svg).toContain(lane);
    }
  });

  test('should show the snapshot values read before a later login', () => {
    const e: LoginEvidence = {
      ...freshLogin1(),
      label: 'login 2',
      userBefore: {
        at: T0,
        exists: true,
        userId: 'auth0|1',
        biometrics: { enrolled: true },
        factors: ['totp', 'webauthn-platform'],
        loginsCount: 1,
      },
    };
    const svg = textOf(timeline(e, { verdict: 'challenged', basis: 'documented' }));
    expect(svg).toContain('✓ login 2: challenged for device biometrics, as Auth0 documents');
    expect(svg).toContain('app_metadata.biometrics = {&quot;enrolled&quot;:true}');
    expect(svg).toContain('totp, webauthn-platform');
  });

  test('should escape page-controlled text', () => {
    const e = freshLogin1();
    e.screens.push({ path: '/u/<script>alert(1)</script>', at: T0 + 3900 });
    expect(timeline(e)).not.toContain('<script>');
  });

  test('should say the user read before the login is corroboration, not a signal', () => {
    const svg = textOf(timeline(freshLogin1()));
    expect(svg).toContain('corroboration, not a signal');
    expect(svg).toContain('Signals — the browser and the ID token decide; tenant logs corroborate');
  });

  test('should show log signals apart: absent changes nothing, a contradiction is named', () => {
    const quiet: LoginEvidence = {
      ...freshLogin1(),
      label: 'login 2',
      logs: { status: 'complete', events: [{ date: iso(3400), type: 's' }] },
    };
    const svg = textOf(timeline(quiet, { verdict: 'challenged', basis: 'documented' }));
    expect(svg).toContain('✓ login 2: challenged for device biometrics, as Auth0 documents');
    expect(svg).toMatch(/Tenant log gd_start_auth \(webauthn\) \(corroborates\) absent/);

    const contradicted: LoginEvidence = {
      ...freshLogin1(),
      screens: [],
      webauthnCalls: [],
      authenticatorEvents: [],
      credentialsAfter: [],
      amr: null,
    };
    const text = textOf(timeline(contradicted));
    expect(text).toContain('✗ login 1: inconsistent evidence — Auth0 documents: NOT challenged');
    expect(text).toContain('(a tenant log event contradicts the browser)');
    expect(text).toMatch(/Tenant log gd_auth_succeed \(webauthn\) \(corroborates\) contradicts/);
  });

  test('should name a workaround regression and a tenant that was not ready', () => {
    const notChallenged: LoginEvidence = {
      ...freshLogin1(),
      screens: [{ path: '/u/signup', at: T0 + 300 }],
      webauthnCalls: [],
      authenticatorEvents: [],
      credentialsAfter: [],
      amr: [],
      logs: { status: 'complete', events: [{ date: iso(3400), type: 's' }] },
    };
    const svg = textOf(timeline(notChallenged, { verdict: 'challenged', basis: 'workaround' }));
    expect(svg).toContain(
      '✗ login 1: NOT challenged for device biometrics — the workaround expects: challenged',
    );
    expect(svg).toContain('the documented workaround (not yet verified on a live tenant) did not');

    const unbound: LoginEvidence = {
      ...notChallenged,
      actionsUnderTest: ['Biometric enrollment (e2e)'],
      actionsBound: { at: T0, names: [] },
    };
    expect(textOf(timeline(unbound))).toContain('✗ login 1: tenant not ready');
  });
});
