import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { scrubTraceZip } from '../helpers/report/artifact-scrub.ts';
import { Redactor } from '../helpers/report/redact.ts';
import { SecretScanner } from '../helpers/report/secret-scan.ts';
import { readZip, writeZip } from '../helpers/report/zip.ts';

const PASSWORD = 'Pa55word!Pa55word~';
const TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

test.describe('helpers/report/artifact-scrub: traces', () => {
  test('should rewrite every trace entry without a secret and keep its JSON lines valid', ({}, testInfo) => {
    const file = testInfo.outputPath('trace.zip');
    writeFileSync(
      file,
      writeZip([
        {
          name: '1-trace.trace',
          data: Buffer.from(
            [
              JSON.stringify({ type: 'before', method: 'fill', params: { value: PASSWORD } }),
              JSON.stringify({
                type: 'frame-snapshot',
                html: ['P', { id: 'otp-secret' }, 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP'],
                img: ['IMG', { src: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }],
                url: `http://localhost:3000/logout?id_token_hint=${JWT}&x=otpauth://totp/a?secret=${TOTP}`,
              }),
            ].join('\n'),
          ),
        },
        {
          name: '1-trace.network',
          data: Buffer.from(
            JSON.stringify({
              type: 'resource-snapshot',
              snapshot: {
                request: {
                  headers: [{ name: 'Cookie', value: 'sid=abc' }],
                  postData: {
                    text: `password=${encodeURIComponent(PASSWORD).replace('!', '%21')}`,
                  },
                },
              },
            }),
          ),
        },
        { name: 'resources/page.html', data: Buffer.from(`<p>${TOTP.toLowerCase()}</p>`) },
        { name: 'screencast/frame.jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0x00]) },
      ]),
    );
    const redactor = new Redactor();
    redactor.add(PASSWORD, 'password');
    redactor.add(TOTP, 'totp-secret');
    scrubTraceZip(file, redactor);

    const entries = readZip(readFileSync(file));
    expect(entries.map((e) => e.name)).toEqual([
      '1-trace.trace',
      '1-trace.network',
      'resources/page.html',
    ]);
    for (const e of entries.filter((x) => /\.(trace|network)$/.test(x.name))) {
      for (const line of e.data.toString('utf8').split('\n'))
        expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    expect(entries[1]?.data.toString()).toContain('"value":"[REDACTED]"');
    const { findings } = new SecretScanner([
      { value: PASSWORD, label: 'password' },
      { value: TOTP, label: 'totp-secret' },
    ]).scanPaths([file]);
    expect(findings).toEqual([]);
  });
});
