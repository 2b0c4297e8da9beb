/**
 * @module helpers/config/tls-trust
 * Which certificates this run trusts beyond the system's: exactly those of
 * `NODE_EXTRA_CA_CERTS`, for Node (the `auth0` SDK, openid-client, every `fetch`) and for
 * Chromium alike. Chromium is told through `--ignore-certificate-errors-spki-list` with the
 * SHA-256 of each certificate's public key, never through a blanket "ignore HTTPS errors":
 * trusting the embedded tenant's certificate for `localhost` trusts nothing else.
 *
 * On the emulator target the harness starts HTTPS tenants whose certificate lives in
 * `EMULATOR_TLS_DIR`; `ensureEmbeddedTenantTrust` makes sure it exists (the tenant program
 * generates it) and is in `NODE_EXTRA_CA_CERTS` before any worker process starts — Node reads
 * that variable only when a process starts.
 */
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The PEM certificates in a bundle file. */
export function certificatesIn(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo (Chromium's SPKI allow-list entry). */
export function spkiOf(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** The SPKI hashes of every certificate in `NODE_EXTRA_CA_CERTS` (none when unset). */
export function extraTrustedSpkis(env: NodeJS.ProcessEnv = process.env): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file || !existsSync(file)) return [];
  return certificatesIn(readFileSync(file, 'utf8')).map(spkiOf);
}

/** Chromium's argument that trusts exactly those certificates, if any. */
export function chromiumTrustArgs(spkis: string[]): string[] {
  return spkis.length > 0 ? [`--ignore-certificate-errors-spki-list=${spkis.join(',')}`] : [];
}

/**
 * Makes sure the embedded tenant's certificate exists and is trusted by processes started
 * from now on (Playwright's workers): sets `NODE_EXTRA_CA_CERTS` to it, or to a bundle of it
 * and the file the user already named there. Returns the certificate's path.
 */
export function ensureEmbeddedTenantTrust(
  tlsDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = resolve(PROJECT_ROOT, tlsDir);
  const certPath = join(dir, 'cert.pem');
  if (!existsSync(certPath)) {
    const made = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'emulator/main.ts', '--tls-cert'],
      {
        cwd: PROJECT_ROOT,
        env: { ...env, EMULATOR_TLS_DIR: dir },
        encoding: 'utf8',
      },
    );
    if (made.status !== 0 || !existsSync(certPath)) {
      throw new Error(
        `could not create the embedded tenant's certificate in ${dir}: ${made.stderr || made.stdout}`,
      );
    }
  }
  const cert = readFileSync(certPath, 'utf8');
  const current = env.NODE_EXTRA_CA_CERTS;
  if (!current) {
    env.NODE_EXTRA_CA_CERTS = certPath;
    return certPath;
  }
  const existing = existsSync(current) ? readFileSync(current, 'utf8') : '';
  if (certificatesIn(existing).some((c) => c.trim() === cert.trim())) return certPath;
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, 'trust-bundle.pem');
  writeFileSync(bundle, `${existing.trim()}\n${cert.trim()}\n`);
  env.NODE_EXTRA_CA_CERTS = bundle;
  return certPath;
}
