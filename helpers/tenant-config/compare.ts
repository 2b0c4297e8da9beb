/**
 * @module helpers/tenant-config/compare
 * Reads a Deploy CLI YAML configuration (keywords replaced as the CLI does:
 * https://auth0.com/docs/deploy-monitor/deploy-cli-tool/keyword-replacement) and says how an
 * export differs from what was imported: every property the configuration sets must come back
 * equal (a tenant adds defaults, which are not differences), named by resource and name.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export type TenantYaml = Record<string, unknown>;

/** `##KEY##` (string) and `@@KEY@@` (JSON) replacement, as the Deploy CLI's loader does. */
export function replaceKeywords(text: string, mappings: Record<string, string>): string {
  return text
    .replace(/@@(\w+)@@/g, (m, key: string) =>
      key in mappings ? JSON.stringify(mappings[key]) : m,
    )
    .replace(/##(\w+)##/g, (m, key: string) => (key in mappings ? String(mappings[key]) : m));
}

/** A `tenant.yaml` with keywords replaced and each Action's `code` file read in. */
export async function readTenantYaml(
  file: string,
  mappings: Record<string, string> = {},
): Promise<TenantYaml> {
  const doc = parse(replaceKeywords(await readFile(file, 'utf8'), mappings)) as TenantYaml;
  const actions = (doc.actions as Record<string, unknown>[] | undefined) ?? [];
  for (const action of actions) {
    if (typeof action.code === 'string') {
      const codeFile = resolve(dirname(file), action.code);
      action.code = replaceKeywords(await readFile(codeFile, 'utf8'), mappings);
    }
  }
  return doc;
}

/** Where `actual` lacks or differs from what `expected` sets (`expected` ⊆ `actual`). */
function subsetDifferences(expected: unknown, actual: unknown, path: string): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return [`${path}: expected a list, found ${JSON.stringify(actual)}`];
    const scalars = expected.every((v) => typeof v !== 'object' || v === null);
    if (scalars) {
      const same =
        expected.length === actual.length &&
        (expected as unknown[]).map(String).sort().join('\n') ===
          (actual as unknown[]).map(String).sort().join('\n');
      return same ? [] : [`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`];
    }
    if (expected.length !== actual.length)
      return [`${path}: ${expected.length} entries ≠ ${actual.length}`];
    return expected.flatMap((v, i) => subsetDifferences(v, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${path}: expected an object, found ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) =>
      subsetDifferences(v, (actual as Record<string, unknown>)[k], `${path}.${k}`),
    );
  }
  return expected === actual
    ? []
    : [`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`];
}

/** Named lists (clients, databases, actions, guardianFactors) are matched by `name`. */
const NAMED = ['clients', 'databases', 'actions', 'guardianFactors'];

/** What an export lacks or changed from an imported configuration (empty: equal). */
export function configDifferences(imported: TenantYaml, exported: TenantYaml): string[] {
  const out: string[] = [];
  for (const [type, value] of Object.entries(imported)) {
    if (NAMED.includes(type)) {
      const found = (exported[type] as Record<string, unknown>[] | undefined) ?? [];
      for (const item of value as Record<string, unknown>[]) {
        const name = String(item.name);
        const match = found.find((e) => e.name === name);
        if (!match) out.push(`${type}.${name}: missing from the export`);
        else out.push(...subsetDifferences(item, match, `${type}.${name}`));
      }
    } else {
      out.push(...subsetDifferences(value, exported[type], type));
    }
  }
  return out;
}
