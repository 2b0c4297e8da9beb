/**
 * @module emulator/management/prompts
 * Prompt settings: https://auth0.com/docs/api/management/v2/prompts/patch-prompts
 * (`universal_login_experience`, `identifier_first`, `webauthn_platform_first_factor`).
 */
import type { ApiRequest, ApiRoutes } from './api.ts';
import { validateObject } from './validate.ts';

const PROMPTS = {
  properties: {
    universal_login_experience: { type: 'string', enum: ['new', 'classic'] },
    identifier_first: { type: 'boolean' },
    webauthn_platform_first_factor: { type: 'boolean' },
  },
} as const satisfies Parameters<typeof validateObject>[1];

function get(req: ApiRequest) {
  return { body: structuredClone(req.context.tenant.promptSettings) };
}

async function update(req: ApiRequest) {
  const body = validateObject(await req.body(), PROMPTS);
  const tenant = req.context.tenant;
  tenant.promptSettings = { ...tenant.promptSettings, ...structuredClone(body) };
  return { body: structuredClone(tenant.promptSettings) };
}

export function promptRoutes(api: ApiRoutes): void {
  api
    .add('GET', 'prompts', ['read:prompts'], get)
    .add('PATCH', 'prompts', ['update:prompts'], update, 'Update prompt settings');
}
