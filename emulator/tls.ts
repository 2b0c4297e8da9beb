/**
 * @module emulator/tls
 * The tenant's TLS certificate for `https://localhost:PORT`, so that the embedded tenant is
 * reached exactly like a real one (`https://{domain}`, design.md "Targets"). Generated on the
 * first HTTPS start (ECDSA P-256, SHA-256, `subjectAltName=DNS:localhost` — Chromium ignores
 * the CN) and kept in a folder (`.tmp/tenant-tls/` by default) for the next starts, so that a
 * client told to trust it once (`NODE_EXTRA_CA_CERTS=.tmp/tenant-tls/cert.pem`, Chromium's
 * `--ignore-certificate-errors-spki-list`) keeps trusting it. It is self-signed and valid for
 * `localhost` only: trusting it trusts nothing else. The private key never leaves the folder.
 */
import 'reflect-metadata';
import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as x509 from '@peculiar/x509';

export interface TenantTls {
  /** PEM of the certificate (what clients trust). */
  cert: string;
  /** PEM (PKCS#8) of its private key. */
  key: string;
  /** Absolute path of `cert.pem`: the value for `NODE_EXTRA_CA_CERTS`. */
  certPath: string;
  /** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's SPKI allow-list). */
  spkiSha256: string;
  /** Whether this call generated the certificate (first start). */
  created: boolean;
}

/** Default folder, relative to the working directory (the project root). */
export const DEFAULT_TLS_DIR = '.tmp/tenant-tls';
const VALIDITY_DAYS = 365;
/** A certificate this close to its end is replaced at start. */
const RENEW_BEFORE_MS = 7 * 86_400_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Base64 SHA-256 of a PEM certificate's SPKI, as `--ignore-certificate-errors-spki-list` wants. */
export function spkiSha256(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

function usable(certPem: string, now: number): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return (
      cert.checkHost('localhost') === 'localhost' &&
      Date.parse(cert.validTo) - RENEW_BEFORE_MS > now &&
      Date.parse(cert.validFrom) <= now
    );
  } catch {
    return false;
  }
}

function toPem(label: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function generate(now: number): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${webcrypto.getRandomValues(new Uint8Array(8)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '')}`,
    name: 'CN=localhost, O=auth0-biometric-e2e embedded tenant',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + VALIDITY_DAYS * 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }], false),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem'), key: toPem('PRIVATE KEY', pkcs8) };
}

/**
 * The tenant certificate in `dir`: the existing one when still usable for `localhost`, else a
 * new one written there (`cert.pem`, and `key.pem` readable by its owner only).
 */
export async function ensureTenantTls(dir: string = DEFAULT_TLS_DIR): Promise<TenantTls> {
  const folder = resolve(dir);
  const certPath = join(folder, 'cert.pem');
  const keyPath = join(folder, 'key.pem');
  const now = Date.now();
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (usable(cert, now)) {
      const key = readFileSync(keyPath, 'utf8');
      return { cert, key, certPath, spkiSha256: spkiSha256(cert), created: false };
    }
  }
  const { cert, key } = await generate(now);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, key, { mode: 0o600 });
  writeFileSync(certPath, cert, { mode: 0o644 });
  return { cert, key, certPath, spkiSha256: spkiSha256(cert), created: true };
}
