/**
 * @module emulator/management/settings-object
 * A tenant-wide settings object the Management API reads whole with GET and updates with PATCH:
 * each top-level property of the body replaces the stored one (or, for a merged key, is merged
 * into it key by key), the others stay, and the answer is the whole object after the update.
 * Tenant settings (https://auth0.com/docs/api/management/v2/tenants/patch-settings), prompt
 * settings (https://auth0.com/docs/api/management/v2/prompts/patch-prompts) and Bot Detection
 * (https://auth0.com/docs/api/management/v2/attack-protection/patch-bot-detection) are such
 * objects.
 */
import type { Tenant } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { FIELDS_QUERY } from './query.ts';
import { projectFields, type ObjectSpec } from './validate.ts';

/** One settings object: where the tenant keeps it, its scopes' resource, its body and log. */
export interface SettingsObject {
  key: keyof Pick<Tenant, 'settings' | 'botDetection' | 'promptSettings'>;
  /** `read:<scope>` reads it, `update:<scope>` updates it. */
  scope: string;
  spec: ObjectSpec;
  /** The `sapi` log description of an update. */
  description: string;
  /** GET takes `fields` and `include_fields` and answers only the fields asked for. */
  fields?: boolean;
  /** Properties whose object a PATCH merges key by key instead of replacing it. */
  merged?: readonly string[];
}

/** Mounts GET and PATCH of the settings object on `path`. */
export function settingsObjectRoutes(api: ApiMount, path: string, object: SettingsObject): void {
  const { key, merged = [] } = object;
  const get = (req: ApiRequest) => {
    const value = structuredClone(req.context.tenant[key]);
    if (!object.fields) return { body: value };
    const includeFields = req.query.bool('include_fields', true);
    return { body: projectFields(value, req.query.string('fields'), includeFields) };
  };
  const update = (req: ApiRequest) => {
    const stored: Record<string, unknown> = req.context.tenant[key];
    for (const [name, value] of Object.entries(req.body as Record<string, unknown>)) {
      stored[name] = merged.includes(name)
        ? { ...(stored[name] as Record<string, unknown> | undefined), ...(value as object) }
        : structuredClone(value);
    }
    return { body: structuredClone(stored) };
  };
  api
    .add('GET', path, {
      scopes: [`read:${object.scope}`],
      // GetTenantSettingsRequestParameters, for tenant settings.
      ...(object.fields ? { query: FIELDS_QUERY } : {}),
      handler: get,
    })
    .add('PATCH', path, {
      scopes: [`update:${object.scope}`],
      body: { kind: 'object', spec: object.spec },
      description: object.description,
      handler: update,
    });
}
