/**
 * No secret in any artifact: the scanner proves it finds planted secrets in every hiding place
 * it covers. Its scan of a real failing journey's artifacts is in tests/failing-journey.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { SecretScanner } from '../helpers/report/secret-scan.ts';
import { writeZip } from '../helpers/report/zip.ts';

test.describe('no secret in any artifact', () => {
  test.setTimeout(300_000);

  test('should find a planted secret in every hiding place the scan covers', () => {
    const dir = mkdtempSync(join(resolve('.tmp'), 'secret-plant-'));
    const secrets = [
      { value: 'Pa55word!Pa55word', label: 'password' },
      { value: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', label: 'totp-secret' },
    ];
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const trace = writeZip([
      {
        name: 'test.trace',
        data: Buffer.from('{"type":"before","params":{"value":"Pa55word!Pa55word"}}'),
      },
      {
        name: 'resources/a.html',
        data: Buffer.from('<p id="otp-secret">jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp</p>'),
      },
      {
        name: 'resources/b.html',
        data: Buffer.from('<img src="data:image/svg+xml;base64,PHN2Zz4=">'),
      },
    ]);
    writeFileSync(join(dir, 'trace.zip'), trace);
    const embedded = Buffer.from(
      `{"attachment":"${trace.toString('base64')}","id":"${jwt}"}`,
    ).toString('base64');
    writeFileSync(join(dir, 'index.html'), `<script>d("data/x.json","${embedded}")</script>`);
    writeFileSync(
      join(dir, 'body.txt'),
      'email=a%40b.c&password=Pa55word%21Pa55word&uri=otpauth%3A%2F%2Ftotp%2Fx',
    );

    const { findings } = new SecretScanner(secrets).scanPaths([dir]);
    const found = (where: RegExp, what: RegExp) =>
      findings.some((f) => where.test(f.where) && what.test(f.what));
    expect(found(/trace\.zip!test\.trace$/, /^password/)).toBe(true);
    expect(found(/trace\.zip!resources\/a\.html$/, /^totp-secret/)).toBe(true);
    expect(found(/trace\.zip!resources\/b\.html$/, /image data URL/)).toBe(true);
    expect(found(/index\.html#base64@\d+#base64@\d+!test\.trace$/, /^password/)).toBe(true);
    expect(found(/index\.html#base64@\d+$/, /^JWT/)).toBe(true);
    expect(found(/body\.txt$/, /^password/)).toBe(true);
    expect(found(/body\.txt$/, /otpauth/)).toBe(true);
  });
});
