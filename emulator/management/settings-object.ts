/**
 * @module emulator/management/settings-object
 * A tenant-wide settings object the Management API reads whole with GET and updates with PATCH:
 * the body's top-level properties replace the stored ones, the others stay, and the answer is
 * the whole object after the update. Prompt settings
 * (https://auth0.com/docs/api/management/v2/prompts/patch-prompts) and Bot Detection
 * (https://auth0.com/docs/api/management/v2/attack-protection/patch-bot-detection) are such
 * objects.
 */
import type { Tenant } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import type { ObjectSpec } from './validate.ts';

/** One settings object: where the tenant keeps it, its scopes' resource, its body and log. */
export interface SettingsObject {
  key: keyof Pick<Tenant, 'botDetection' | 'promptSettings'>;
  /** `read:<scope>` reads it, `update:<scope>` updates it. */
  scope: string;
  spec: ObjectSpec;
  /** The `sapi` log description of an update. */
  description: string;
}

/** Mounts GET and PATCH of the settings object on `path`. */
export function settingsObjectRoutes(api: ApiMount, path: string, object: SettingsObject): void {
  const { key } = object;
  const get = (req: ApiRequest) => ({ body: structuredClone(req.context.tenant[key]) });
  const update = (req: ApiRequest) => {
    const body = req.body as Record<string, unknown>;
    const tenant = req.context.tenant;
    tenant[key] = { ...tenant[key], ...structuredClone(body) };
    return { body: structuredClone(tenant[key]) };
  };
  api.add('GET', path, { scopes: [`read:${object.scope}`], handler: get }).add('PATCH', path, {
    scopes: [`update:${object.scope}`],
    body: { kind: 'object', spec: object.spec },
    description: object.description,
    handler: update,
  });
}
