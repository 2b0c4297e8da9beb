import { test, expect } from '@playwright/test';
import { renderEvidenceHtml, renderEvidenceMarkdown } from '../helpers/evidence/table.ts';
import { recordLogin } from '../helpers/evidence/verdict.ts';
import { Redactor } from '../helpers/report/redact.ts';
import { TotpDevice, totpStep } from '../helpers/user/totp.ts';
import { login } from './evidence-support.ts';

/** Logins 1-3 of the documented journey; login 3's tenant wrote no gd_* event (L2). */
function journeyRecords() {
  return [
    recordLogin(login('login 1', false), { verdict: 'not-challenged', basis: 'documented' }),
    recordLogin(login('login 2', true), { verdict: 'challenged', basis: 'documented' }),
    recordLogin(
      login('login 3', false, {
        logs: {
          status: 'complete',
          events: [
            { date: 'd', type: 'gd_auth_succeed', authenticatorType: 'webauthn-platform' },
            { date: 'd', type: 's' },
          ],
        },
      }),
      { verdict: 'challenged', basis: 'documented' },
    ),
  ];
}

test.describe('helpers/evidence/table: the evidence table reads the stored records', () => {
  test('should show deciding signals, corroborating log signals, the verdict and the category', () => {
    const md = renderEvidenceMarkdown(journeyRecords());
    expect(md).toContain('| Signal | login 1 | login 2 | login 3 |');
    expect(md).toMatch(
      /^\| CDP WebAuthn\.credentialAsserted _\(decides: biometric\)_ \| no — 0 event\(s\) \| \*\*yes\*\* — 1 event\(s\) \| no — 0 event\(s\) \|$/m,
    );
    expect(md).toMatch(
      /^\| Tenant log gd_auth_succeed \(webauthn\) _\(corroborates\)_ \| absent — .+ \| present — 1 event\(s\).+ \| \*\*contradicts\*\* — 1 event\(s\) saying a webauthn MFA succeeded, but the browser saw no challenge \|$/m,
    );
    expect(md).toContain(
      '| **Expected** | not-challenged (documented) | challenged (documented) | challenged (documented) |',
    );
    expect(md).toContain(
      '| **Verdict** | **not-challenged** | **challenged** | **inconsistent** |',
    );
    expect(md).toContain('| **Category** | as expected | as expected | evidence-inconsistent |');
    expect(md).toContain('the user read before each login is corroboration, not a signal');
  });

  test('should render the same rows as escaped, self-contained HTML', () => {
    const records = journeyRecords();
    records[0]?.evidence.screens.push({ path: '/u/<script>x</script>', at: 1600 });
    const html = renderEvidenceHtml(records);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<td class="contradicts">contradicts<br>');
    expect(html).toContain('<td class="verdict inconsistent"><b>inconsistent</b></td>');
    expect(html).not.toMatch(/https?:\/\//);
    const rows = (text: string) => (text.match(/<tr data-signal=/g) ?? []).length;
    const mdRows = renderEvidenceMarkdown(records).match(
      /_\((?:decides|corroborates|for the reader)/g,
    );
    expect(rows(html)).toBe(mdRows?.length);
  });
});

test.describe('helpers/report/redact', () => {
  test('should remove registered secrets, TOTP secrets in every shown form, JWTs and otpauth URIs', () => {
    const r = new Redactor(['client-secret-value-123']);
    r.add('Pa55word!Pa55word', 'password');
    r.add('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'totp-secret');
    const text = [
      'client-secret-value-123',
      'Pa55word!Pa55word',
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
      'jbswy3dpehpk3pxpjbswy3dpehpk3pxp',
      'otpauth://totp/x?secret=ABC&issuer=y',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      'http://localhost:3000/callback?code=abc123&state=s',
    ].join('\n');
    const out = r.redact(text);
    expect(r.leaks(out)).toBe(false);
    expect(out).not.toMatch(/otpauth:|eyJhbGci|code=abc123|JBSW/i);
    expect(out).toContain('[REDACTED:password]');
  });
});

test.describe('helpers/user/totp', () => {
  test('should never hand out two codes from the same 30 s step', async () => {
    test.setTimeout(45_000);
    const device = new TotpDevice('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const first = await device.nextCode();
    const stepOfFirst = totpStep();
    const second = await device.nextCode();
    expect(totpStep()).toBeGreaterThan(stepOfFirst);
    expect(second).toMatch(/^\d{6}$/);
    expect(first).toMatch(/^\d{6}$/);
  });
});
