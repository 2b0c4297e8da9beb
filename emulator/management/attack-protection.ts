/**
 * @module emulator/management/attack-protection
 * Bot Detection settings: https://auth0.com/docs/api/management/v2/attack-protection/patch-bot-detection
 * ("IP AllowList: up to 100 IPs or CIDRs", auth0-behaviour.md §5.1).
 */
import type { ApiMount, ApiRequest } from './api.ts';
import type { ObjectSpec } from './validate.ts';

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
} as const satisfies ObjectSpec;

function get(req: ApiRequest) {
  return { body: structuredClone(req.context.tenant.botDetection) };
}

function update(req: ApiRequest) {
  const body = req.body as Record<string, unknown>;
  const tenant = req.context.tenant;
  tenant.botDetection = { ...tenant.botDetection, ...structuredClone(body) };
  return { body: structuredClone(tenant.botDetection) };
}

export function attackProtectionRoutes(api: ApiMount): void {
  api
    .add('GET', 'attack-protection/bot-detection', {
      scopes: ['read:attack_protection'],
      handler: get,
    })
    .add('PATCH', 'attack-protection/bot-detection', {
      scopes: ['update:attack_protection'],
      body: { kind: 'object', spec: BOT_DETECTION },
      description: 'Update Bot Detection settings',
      handler: update,
    });
}
