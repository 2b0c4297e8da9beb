/**
 * Auth0's own Deploy CLI (`a0deploy`, the real auth0-deploy-cli 8.44.0 as a child process)
 * against an embedded tenant over HTTPS: a configuration imported with `AUTH0_INCLUDED_ONLY`
 * (actions, triggers, guardianFactors, tenant, clients, databases) is exported back equal, the
 * export carries no secret, and the applications it created are served by the OIDC layer as
 * their records say.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startEmbeddedTenant, type EmbeddedTenant } from '../helpers/tenant/embedded-tenant.ts';
import type { TenantAccess } from '../helpers/config/env.ts';
import { configDifferences, readTenantYaml } from '../helpers/tenant-config/compare.ts';
import { runDeployCli } from '../helpers/tenant-config/deploy-cli.ts';

const EXAMPLE = new URL('../tenant-config/example/tenant.yaml', import.meta.url).pathname;
const CALLBACK = 'http://localhost:3999/callback';
const KEYWORDS = {
  AUTH0_CALLBACK_URL: CALLBACK,
  AUTH0_APP_ORIGIN: 'http://localhost:3999',
  AUTH0_CONNECTION: 'Username-Password-Authentication',
};

/** Every file under a directory, as text. */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

/** An application's id, read through the Management API with the tenant's M2M credentials. */
async function clientIdByName(access: TenantAccess, name: string): Promise<string> {
  const token = (await (
    await fetch(`${access.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: access.mgmtClientId,
        client_secret: access.mgmtClientSecret,
        audience: `${access.origin}/api/v2/`,
      }),
    })
  ).json()) as { access_token: string };
  const res = await fetch(`${access.origin}/api/v2/clients?fields=client_id,name`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  const list = (await res.json()) as { client_id: string; name: string }[];
  const found = list.find((c) => c.name === name);
  if (!found) throw new Error(`no application named ${name}`);
  return found.client_id;
}

/** `GET /authorize` for an authorization-code request with PKCE; status only. */
function authorize(origin: string, clientId: string, redirectUri: string): Promise<Response> {
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuJJH7SBXo0',
    code_challenge_method: 'S256',
  });
  return fetch(`${origin}/authorize?${params}`, { redirect: 'manual' });
}

/** Runs `body` with an embedded tenant and a temporary folder, both gone afterwards. */
async function withTenantAndDir(
  prefix: string,
  body: (tenant: EmbeddedTenant, dir: string) => Promise<void>,
): Promise<void> {
  const tenant = await startEmbeddedTenant({
    userReads: 'snapshot',
    rateLimit: 'default',
    connection: KEYWORDS.AUTH0_CONNECTION,
    callbackUrl: CALLBACK,
  });
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    await body(tenant, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await tenant.stop();
  }
}

test.describe('Deploy CLI against the embedded tenant', () => {
  // The CLI awaits each Action's build and paces its calls. Measured: an import took 5.9 min
  // with the machine's load average at 16 on 2 cores; the bound leaves room for that.
  test.setTimeout(1_200_000);

  test('should import a configuration with a0deploy and export it back equal', async () => {
    await withTenantAndDir('a0deploy-export-', async (tenant, out) => {
      const log = await runDeployCli(tenant.access, {
        command: 'import',
        path: EXAMPLE,
        keywords: KEYWORDS,
      });
      expect(log).toContain('Import Successful');
      expect(log).toContain('Created [clients]: {"name":"Support SPA"');
      expect(log).toContain('Deployed [actions]');

      await runDeployCli(tenant.access, { command: 'export', path: out });
      const imported = await readTenantYaml(EXAMPLE, KEYWORDS);
      const exported = await readTenantYaml(join(out, 'tenant.yaml'));
      expect(configDifferences(imported, exported)).toEqual([]);

      const text = await allText(out);
      expect(text).not.toContain(tenant.access.clientSecret);
      expect(text).not.toContain(tenant.access.mgmtClientSecret);
      expect(text).not.toMatch(/^\s*client_secret:/m);

      // The OIDC layer serves the application the CLI created, as its record says.
      const spaId = await clientIdByName(tenant.access, 'Support SPA');
      expect(
        (await authorize(tenant.access.origin, spaId, 'https://spa.example/callback')).status,
      ).toBe(303);
      expect((await authorize(tenant.access.origin, spaId, CALLBACK)).status).toBe(400);
    });
  });

  test('should fail an import the tenant refuses and name the refusal', async () => {
    await withTenantAndDir('a0deploy-bad-', async (tenant, dir) => {
      const bad = join(dir, 'tenant.yaml');
      await writeFile(
        bad,
        'clients:\n  - name: Bad App\n    app_type: regular_web\n    jwt_configuration:\n      alg: none\n',
      );
      const err = await runDeployCli(tenant.access, { command: 'import', path: bad }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error).message)).toMatch(/jwt_configuration\.alg/);
      expect(String((err as Error).message)).not.toContain(tenant.access.mgmtClientSecret);
    });
  });
});
