/**
 * @module helpers/report/secret-scan
 * Looks for a run's secrets in its artifacts: every file under the given paths, every entry of
 * every ZIP (traces, also when embedded in the report), and every long base64 run decoded (the
 * single-file report embeds its data and attachments as base64), recursively. Finds the known
 * secrets in the forms a page, a URL or a form body shows them, any JWT, any `otpauth://` URI,
 * and image data URLs inside traces (a QR code encodes the TOTP secret).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BLANK_IMAGE } from './artifact-scrub.ts';
import { encodedForms, totpDisplayForms } from './redact.ts';
import { readZip } from './zip.ts';

export interface Finding {
  /** File, then `!entry` for ZIP entries and `#base64@offset` for decoded runs. */
  where: string;
  what: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Everything looked at, for asserting that the scan covered what it should. */
  scanned: string[];
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const OTPAUTH = /otpauth(?::|%3A)(?:\/\/|%2F%2F)/i;
const BASE64_RUN = /[A-Za-z0-9+/]{64,}={0,2}/g;
const DATA_IMAGE = /data:image\/[a-z0-9.+-]+[;,][^"'\s)]{0,40}/gi;

/** The forms in which a secret may appear: as is, URL- and form-encoded, TOTP display forms. */
export function secretForms(secret: string, label: string): string[] {
  const forms = new Set([
    secret,
    ...encodedForms(secret),
    ...(label === 'totp-secret' ? totpDisplayForms(secret) : []),
  ]);
  return [...forms].filter((f) => f.length >= 6);
}

export class SecretScanner {
  private readonly forms: { form: string; label: string }[];
  readonly result: ScanResult = { findings: [], scanned: [] };

  constructor(secrets: { value: string; label: string }[]) {
    this.forms = secrets.flatMap((s) =>
      secretForms(s.value, s.label).map((form) => ({ form, label: s.label })),
    );
  }

  /** Scans files and directories (recursively). */
  scanPaths(paths: string[]): ScanResult {
    for (const p of paths) this.scanPath(p);
    return this.result;
  }

  private scanPath(p: string): void {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) this.scanPath(join(p, name));
    } else if (st.isFile()) {
      this.scanBuffer(readFileSync(p), p, 0, false);
    }
  }

  /** Scans one blob: a ZIP's entries, or text (and the base64 runs in it). */
  scanBuffer(data: Buffer, where: string, depth: number, inTrace: boolean): void {
    this.result.scanned.push(where);
    if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      let entries;
      try {
        entries = readZip(data);
      } catch (err) {
        this.result.findings.push({ where, what: `unreadable ZIP: ${String(err)}` });
        return;
      }
      for (const e of entries) this.scanBuffer(e.data, `${where}!${e.name}`, depth + 1, true);
      return;
    }
    const text = data.toString('utf8');
    this.scanText(text, where, inTrace);
    if (depth >= 4) return;
    for (const m of text.matchAll(BASE64_RUN)) {
      const decoded = Buffer.from(m[0], 'base64');
      const isZip = decoded.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      if (isZip || isMostlyText(decoded)) {
        this.scanBuffer(decoded, `${where}#base64@${m.index}`, depth + 1, inTrace);
      }
    }
  }

  private scanText(text: string, where: string, inTrace: boolean): void {
    for (const { form, label } of this.forms) {
      if (text.includes(form))
        this.result.findings.push({ where, what: `${label} (${mask(form)})` });
    }
    for (const m of text.matchAll(JWT)) {
      this.result.findings.push({ where, what: `JWT ${mask(m[0])}` });
    }
    if (OTPAUTH.test(text)) this.result.findings.push({ where, what: 'otpauth:// URI' });
    if (inTrace) {
      for (const m of text.matchAll(DATA_IMAGE)) {
        if (text.startsWith(BLANK_IMAGE, m.index)) continue;
        this.result.findings.push({
          where,
          what: `image data URL in a trace (${m[0].slice(0, 30)}…)`,
        });
      }
    }
  }
}

function isMostlyText(b: Buffer): boolean {
  if (b.length === 0) return false;
  const sample = b.subarray(0, 2048);
  let printable = 0;
  for (const c of sample)
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc2) printable++;
  return printable / sample.length > 0.9;
}

/** Enough of a value to recognise it in a failure message, not enough to use it. */
function mask(v: string): string {
  return v.length <= 8 ? '***' : `${v.slice(0, 3)}…${v.slice(-2)} (${v.length} chars)`;
}
