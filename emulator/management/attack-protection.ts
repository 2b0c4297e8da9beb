/**
 * @module emulator/management/attack-protection
 * Bot Detection settings: https://auth0.com/docs/api/management/v2/attack-protection/patch-bot-detection
 * ("IP AllowList: up to 100 IPs or CIDRs", auth0-behaviour.md §5.1).
 */
import type { ApiRequest, ApiRoutes } from './api.ts';
import { validateObject } from './validate.ts';

const POLICY = ['never', 'when_risky', 'always'] as const;

const BOT_DETECTION = {
  properties: {
    bot_detection_level: { type: 'string', enum: ['low', 'medium', 'high'] },
    challenge_password_policy: { type: 'string', enum: POLICY },
    challenge_passwordless_policy: { type: 'string', enum: POLICY },
    challenge_password_reset_policy: { type: 'string', enum: POLICY },
    allowlist: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 100 },
    monitoring_mode_enabled: { type: 'boolean' },
  },
} as const satisfies Parameters<typeof validateObject>[1];

function get(req: ApiRequest) {
  return { body: structuredClone(req.context.tenant.botDetection) };
}

async function update(req: ApiRequest) {
  const body = validateObject(await req.body(), BOT_DETECTION);
  const tenant = req.context.tenant;
  tenant.botDetection = { ...tenant.botDetection, ...structuredClone(body) };
  return { body: structuredClone(tenant.botDetection) };
}

export function attackProtectionRoutes(api: ApiRoutes): void {
  api
    .add('GET', 'attack-protection/bot-detection', ['read:attack_protection'], get)
    .add(
      'PATCH',
      'attack-protection/bot-detection',
      ['update:attack_protection'],
      update,
      'Update Bot Detection settings',
    );
}
