/**
 * @module emulator/management/prompts
 * Prompt settings: https://auth0.com/docs/api/management/v2/prompts/patch-prompts
 * (`universal_login_experience`, `identifier_first`, `webauthn_platform_first_factor`).
 */
import type { ApiMount, ApiRequest } from './api.ts';
import type { ObjectSpec } from './validate.ts';

const PROMPTS = {
  properties: {
    universal_login_experience: { type: 'string', enum: ['new', 'classic'] },
    identifier_first: { type: 'boolean' },
    webauthn_platform_first_factor: { type: 'boolean' },
  },
} as const satisfies ObjectSpec;

function get(req: ApiRequest) {
  return { body: structuredClone(req.context.tenant.promptSettings) };
}

function update(req: ApiRequest) {
  const body = req.body as Record<string, unknown>;
  const tenant = req.context.tenant;
  tenant.promptSettings = { ...tenant.promptSettings, ...structuredClone(body) };
  return { body: structuredClone(tenant.promptSettings) };
}

export function promptRoutes(api: ApiMount): void {
  api.add('GET', 'prompts', { scopes: ['read:prompts'], handler: get }).add('PATCH', 'prompts', {
    scopes: ['update:prompts'],
    body: { kind: 'object', spec: PROMPTS },
    description: 'Update prompt settings',
    handler: update,
  });
}
