/**
 * @module emulator/management/attack-protection
 * Bot Detection settings: https://auth0.com/docs/api/management/v2/attack-protection/patch-bot-detection
 * ("IP AllowList: up to 100 IPs or CIDRs", auth0-behaviour.md §5.1).
 */
import type { ApiMount } from './api.ts';
import { settingsObjectRoutes } from './settings-object.ts';
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

export function attackProtectionRoutes(api: ApiMount): void {
  settingsObjectRoutes(api, 'attack-protection/bot-detection', {
    key: 'botDetection',
    scope: 'attack_protection',
    spec: BOT_DETECTION,
    description: 'Update Bot Detection settings',
  });
}
