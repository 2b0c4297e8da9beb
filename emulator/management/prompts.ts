/**
 * @module emulator/management/prompts
 * Prompt settings: https://auth0.com/docs/api/management/v2/prompts/patch-prompts
 * (`universal_login_experience`, `identifier_first`, `webauthn_platform_first_factor`).
 */
import type { ApiMount } from './api.ts';
import { settingsObjectRoutes } from './settings-object.ts';
import type { ObjectSpec } from './validate.ts';

const PROMPTS = {
  properties: {
    universal_login_experience: { type: 'string', enum: ['new', 'classic'] },
    identifier_first: { type: 'boolean' },
    webauthn_platform_first_factor: { type: 'boolean' },
  },
} as const satisfies ObjectSpec;

export function promptRoutes(api: ApiMount): void {
  settingsObjectRoutes(api, 'prompts', {
    key: 'promptSettings',
    scope: 'prompts',
    spec: PROMPTS,
    description: 'Update prompt settings',
  });
}
