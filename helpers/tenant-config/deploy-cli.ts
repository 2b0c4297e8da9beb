/**
 * @module helpers/tenant-config/deploy-cli
 * Runs Auth0's own Deploy CLI (`auth0-deploy-cli`, pinned, binary `a0deploy`) as a child
 * process against a tenant reached over HTTPS, exactly as a team runs it against a live tenant:
 * `AUTH0_DOMAIN` (host:port), the M2M application's credentials, `AUTH0_INCLUDED_ONLY` for the
 * resource types the harness depends on, and keyword replacements
 * (https://auth0.com/docs/deploy-monitor/deploy-cli-tool/keyword-replacement). The CLI's log
 * is returned with the tenant's credentials masked: secrets never leave.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TenantAccess } from '../config/env.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const A0DEPLOY = join(PROJECT_ROOT, 'node_modules', 'auth0-deploy-cli', 'lib', 'index.js');

/**
 * The resource types the journeys depend on (issue 10): the Actions and their post-login
 * bindings, Guardian factors, the tenant's MFA flags, the applications and the database
 * connection. Nothing else is read or written.
 */
export const INCLUDED_ONLY = [
  'actions',
  'triggers',
  'guardianFactors',
  'tenant',
  'clients',
  'databases',
] as const;

export class DeployCliError extends Error {
  override name = 'DeployCliError';
}

export interface DeployCliRun {
  /** `import` a configuration (a `tenant.yaml` file) or `export` one into a directory. */
  command: 'import' | 'export';
  /** `import`: the YAML file; `export`: the directory written. */
  path: string;
  /** `AUTH0_KEYWORD_REPLACE_MAPPINGS` (`##KEY##` / `@@KEY@@` in the configuration). */
  keywords?: Record<string, string>;
  timeoutMs?: number;
}

/** Masks every credential of the tenant in a text (the CLI's log). */
export function maskCredentials(text: string, access: TenantAccess): string {
  let out = text;
  for (const secret of [access.clientSecret, access.mgmtClientSecret]) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * Runs `a0deploy import|export` with the tenant's M2M credentials; resolves with its
 * (masked) log, rejects with a `DeployCliError` carrying it when the CLI fails.
 */
export async function runDeployCli(access: TenantAccess, run: DeployCliRun): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'a0deploy-'));
  const configFile = join(dir, 'config.json');
  await writeFile(
    configFile,
    JSON.stringify({
      AUTH0_KEYWORD_REPLACE_MAPPINGS: run.keywords ?? {},
      // Never delete what the configuration does not name (the CLI's own default).
      AUTH0_ALLOW_DELETE: false,
    }),
  );
  const args =
    run.command === 'import'
      ? ['import', '-c', configFile, '-i', run.path]
      : ['export', '-c', configFile, '-f', 'yaml', '-o', run.path];
  try {
    return await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [A0DEPLOY, ...args], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          AUTH0_DOMAIN: access.domain,
          AUTH0_CLIENT_ID: access.mgmtClientId,
          AUTH0_CLIENT_SECRET: access.mgmtClientSecret,
          AUTH0_INCLUDED_ONLY: JSON.stringify(INCLUDED_ONLY),
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
      });
      let log = '';
      const keep = (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-64_000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs ?? 600_000);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new DeployCliError(`a0deploy ${run.command} did not start: ${err.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const masked = maskCredentials(log, access);
        if (code === 0) resolve(masked);
        else
          reject(
            new DeployCliError(
              `a0deploy ${run.command} failed (${signal ?? `exit ${String(code)}`}):\n${masked}`,
            ),
          );
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
