/**
 * @module helpers/tenant-config/snapshot
 * Drift: the tenant configuration the journey depends on, read once per worker, redacted — the
 * post-login Actions (code, its sha256 and deployed version) and their bindings in order, the
 * Guardian factors and policies, the MFA tenant flag, the connection's settings. Secrets,
 * credentials and Action secrets are never read into it (the Action's `secrets` are listed by
 * name only). `snapshotDigest` is its compact form (no code) kept in the report's history as a
 * label; `snapshotChanges` says what changed between two digests, in words.
 */
import { createHash } from 'node:crypto';
import type { ManagementClient } from 'auth0';
import { bindingName, listPostLoginBindings } from '../tenant/bindings.ts';

export interface SnapshotAction {
  name: string;
  version: number | undefined;
  codeSha256: string;
  runtime: string | undefined;
  /** Names of the Action's secrets, never their values. */
  secretNames: string[];
}

/** The compact snapshot (what the history keeps). */
export interface SnapshotDigest {
  postLoginBindings: string[];
  actions: SnapshotAction[];
  guardianFactors: Record<string, boolean>;
  guardianPolicies: string[];
  tenantFlags: { customize_mfa_in_postlogin_action: boolean };
  connection: { name: string; options: Record<string, unknown> } | undefined;
}

export interface TenantSnapshot extends SnapshotDigest {
  /** The Actions' deployed code, by name (attachment only, never in the history). */
  code: Record<string, string>;
}

/**
 * Connection options that may carry secrets or credentials (a custom database's
 * `configuration`, its scripts, keys, tokens): never in a snapshot.
 */
const SECRET_OPTION = /secret|token|key|credential|^configuration$|^customScripts$/i;

function redactOptions(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !SECRET_OPTION.test(k)));
}

/**
 * Reads the snapshot: bindings 1 call, each bound Action 1, factors 1, policies 1, settings 1,
 * connections 1 — per worker, never per test.
 */
export async function readTenantSnapshot(
  management: ManagementClient,
  connectionName: string,
): Promise<TenantSnapshot> {
  const bindings = await listPostLoginBindings(management);
  const actions: SnapshotAction[] = [];
  const code: Record<string, string> = {};
  for (const binding of bindings) {
    if (!binding.action?.id) continue;
    const action = await management.actions.get(binding.action.id);
    const deployed = action.deployed_version?.code ?? action.code ?? '';
    const name = action.name ?? bindingName(binding);
    code[name] = deployed;
    actions.push({
      name,
      version: action.deployed_version?.number,
      codeSha256: createHash('sha256').update(deployed).digest('hex'),
      runtime: action.deployed_version?.runtime ?? action.runtime,
      secretNames: (action.secrets ?? []).map((s) => s.name ?? '?'),
    });
  }
  const factors = await management.guardian.factors.list();
  const policies = await management.guardian.policies.list();
  const settings = await management.tenants.settings.get({
    fields: 'customize_mfa_in_postlogin_action',
    include_fields: true,
  });
  const connections = await management.connections.list({ name: connectionName });
  let connection: SnapshotDigest['connection'];
  for await (const c of connections) {
    if (c.name === connectionName) {
      connection = {
        name: c.name,
        options: redactOptions(c.options ?? {}),
      };
    }
  }
  return {
    postLoginBindings: bindings.map(bindingName),
    actions,
    guardianFactors: Object.fromEntries(
      factors.map((f): [string, boolean] => [String(f.name), f.enabled === true]),
    ),
    guardianPolicies: policies.map(String),
    tenantFlags: {
      customize_mfa_in_postlogin_action: settings.customize_mfa_in_postlogin_action === true,
    },
    connection,
    code,
  };
}

/** The snapshot without the code (its sha256 and version stay). */
export function snapshotDigest(s: TenantSnapshot): SnapshotDigest {
  return {
    postLoginBindings: s.postLoginBindings,
    actions: s.actions,
    guardianFactors: s.guardianFactors,
    guardianPolicies: s.guardianPolicies,
    tenantFlags: s.tenantFlags,
    connection: s.connection,
  };
}

const show = (v: unknown) => JSON.stringify(v);

/** What changed from `before` to `after`, one line each (empty: nothing). */
export function snapshotChanges(before: SnapshotDigest, after: SnapshotDigest): string[] {
  const out: string[] = [];
  if (show(before.postLoginBindings) !== show(after.postLoginBindings))
    out.push(
      `post-login bindings: ${before.postLoginBindings.join(' → ') || 'none'} ⇒ ${after.postLoginBindings.join(' → ') || 'none'}`,
    );
  const names = new Set([...before.actions, ...after.actions].map((a) => a.name));
  for (const name of names) {
    const a = before.actions.find((x) => x.name === name);
    const b = after.actions.find((x) => x.name === name);
    if (!a) out.push(`Action "${name}": added (version ${String(b?.version)})`);
    else if (!b) out.push(`Action "${name}": removed`);
    else if (a.codeSha256 !== b.codeSha256)
      out.push(
        `Action "${name}": code changed (version ${String(a.version)} → ${String(b.version)}, sha256 ${a.codeSha256.slice(0, 12)} → ${b.codeSha256.slice(0, 12)})`,
      );
    else if (show(a) !== show(b)) out.push(`Action "${name}": ${show(a)} ⇒ ${show(b)}`);
  }
  for (const f of new Set([
    ...Object.keys(before.guardianFactors),
    ...Object.keys(after.guardianFactors),
  ])) {
    const x = before.guardianFactors[f] ?? false;
    const y = after.guardianFactors[f] ?? false;
    if (x !== y)
      out.push(
        `Guardian factor ${f}: ${x ? 'enabled' : 'disabled'} → ${y ? 'enabled' : 'disabled'}`,
      );
  }
  if (show(before.guardianPolicies) !== show(after.guardianPolicies))
    out.push(`MFA policies: ${show(before.guardianPolicies)} → ${show(after.guardianPolicies)}`);
  if (
    before.tenantFlags.customize_mfa_in_postlogin_action !==
    after.tenantFlags.customize_mfa_in_postlogin_action
  )
    out.push(
      `tenant customize_mfa_in_postlogin_action: ${String(before.tenantFlags.customize_mfa_in_postlogin_action)} → ${String(after.tenantFlags.customize_mfa_in_postlogin_action)}`,
    );
  if (show(before.connection) !== show(after.connection))
    out.push(`connection: ${show(before.connection)} ⇒ ${show(after.connection)}`);
  return out;
}
