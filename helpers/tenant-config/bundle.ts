/**
 * @module helpers/tenant-config/bundle
 * Replay (issue 10 item 4): a report carries a replay bundle — the redacted tenant snapshot as
 * a Deploy CLI configuration (YAML, keywords for what differs per machine), the Actions' code,
 * the journey's parameters and the versions it ran with — so that `npm run replay -- <bundle>`
 * seeds a fresh embedded tenant from it (the release gate's path, `E2E_TENANT_CONFIG`) and
 * reruns the journey offline. No secret is in it: the snapshot holds none, and an Action's
 * secrets are listed by name only (the replay gives them empty values, said in `notes`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { TenantSnapshot } from './snapshot.ts';

export const BUNDLE_FORMAT = 'auth0-biometric-e2e/replay-bundle@1';

export interface ReplayBundle {
  format: typeof BUNDLE_FORMAT;
  /** `tenant.yaml` in the Deploy CLI's format; Action code at `./actions/<name>/code.js`. */
  tenantYaml: string;
  /** The Actions' deployed code, by Action name (edit it here to replay a change). */
  actions: Record<string, string>;
  journey: {
    /** Spec file, relative to the project. */
    spec: string;
    title: string;
    /** How the tenant read the user (its /healthz), replayed as EMULATOR_USER_READS. */
    userReads: 'snapshot' | 'fresh';
    connection: string;
    runId: string;
  };
  versions: Record<string, string>;
  notes: string[];
}

/** The snapshot as a Deploy CLI configuration (YAML) for the replay's tenant. */
export function snapshotToTenantYaml(s: TenantSnapshot): string {
  const doc = {
    tenant: {
      customize_mfa_in_postlogin_action: s.tenantFlags.customize_mfa_in_postlogin_action,
    },
    guardianFactors: Object.entries(s.guardianFactors).map(([name, enabled]) => ({
      name,
      enabled,
    })),
    databases: s.connection
      ? [
          {
            name: '##AUTH0_CONNECTION##',
            strategy: 'auth0',
            enabled_clients: ['Biometric E2E Test App'],
            options: s.connection.options,
          },
        ]
      : [],
    actions: s.actions.map((a) => ({
      name: a.name,
      code: `./actions/${a.name}/code.js`,
      runtime: a.runtime ?? 'node22',
      dependencies: [],
      secrets: a.secretNames.map((name) => ({ name, value: '' })),
      status: 'built',
      deployed: true,
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
    })),
    triggers: {
      'post-login': s.actions.map((a, i) => ({
        action_name: a.name,
        display_name: s.postLoginBindings[i] ?? a.name,
      })),
    },
  };
  return stringify(doc);
}

export function replayBundle(
  snapshot: TenantSnapshot,
  journey: ReplayBundle['journey'],
  versions: Record<string, string>,
): ReplayBundle {
  const secrets = snapshot.actions.flatMap((a) => a.secretNames.map((n) => `${a.name}: ${n}`));
  return {
    format: BUNDLE_FORMAT,
    tenantYaml: snapshotToTenantYaml(snapshot),
    actions: { ...snapshot.code },
    journey,
    versions,
    notes: [
      'Bindings on post-login bound to Actions are replayed; bindings without an Action are not.',
      ...(secrets.length > 0
        ? [
            `Action secrets are replayed empty (values are never in a bundle): ${secrets.join(', ')}`,
          ]
        : []),
    ],
  };
}

/** Writes a bundle as a Deploy CLI configuration directory; returns its `tenant.yaml`. */
export function writeBundleConfig(bundle: ReplayBundle, dir: string): string {
  const format: unknown = bundle.format;
  if (format !== BUNDLE_FORMAT) {
    throw new Error(`not a replay bundle (format ${String(format)}, expected ${BUNDLE_FORMAT})`);
  }
  for (const [name, code] of Object.entries(bundle.actions)) {
    if (/[/\\]|^\.\.?$/.test(name)) throw new Error(`Action name not usable as a folder: ${name}`);
    mkdirSync(join(dir, 'actions', name), { recursive: true });
    writeFileSync(join(dir, 'actions', name, 'code.js'), code);
  }
  const file = join(dir, 'tenant.yaml');
  writeFileSync(file, bundle.tenantYaml);
  return file;
}
