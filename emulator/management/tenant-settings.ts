/**
 * @module emulator/management/tenant-settings
 * Tenant settings: https://auth0.com/docs/api/management/v2/tenants/patch-settings, including
 * `customize_mfa_in_postlogin_action` ("Customize MFA Factors using Actions", §1.3).
 */
import type { ApiMount } from './api.ts';
import { settingsObjectRoutes } from './settings-object.ts';
import type { FieldSpec } from './validate.ts';

const s: FieldSpec = { type: 'string' };
const n: FieldSpec = { type: 'number' };
const b: FieldSpec = { type: 'boolean' };
const o: FieldSpec = { type: 'object', nullable: true };
const strings: FieldSpec = { type: 'array', items: { type: 'string' } };

/** UpdateTenantSettingsRequestContent (auth0@7.1.0 requests.d.ts). */
const SETTINGS: Record<string, FieldSpec> = {
  change_password: o,
  device_flow: o,
  guardian_mfa_page: o,
  default_audience: s,
  default_directory: s,
  error_page: o,
  default_token_quota: o,
  flags: { type: 'object' },
  friendly_name: s,
  picture_url: s,
  support_email: s,
  support_url: s,
  allowed_logout_urls: strings,
  session_lifetime: n,
  session_lifetime_in_minutes: n,
  idle_session_lifetime: n,
  idle_session_lifetime_in_minutes: n,
  ephemeral_session_lifetime: n,
  idle_ephemeral_session_lifetime: n,
  ephemeral_session_lifetime_in_minutes: n,
  idle_ephemeral_session_lifetime_in_minutes: n,
  sandbox_version: s,
  legacy_sandbox_version: s,
  default_redirection_uri: s,
  enabled_locales: strings,
  security_headers: o,
  session_cookie: o,
  sessions: o,
  oidc_logout: { type: 'object' },
  customize_mfa_in_postlogin_action: b,
  allow_organization_name_in_authentication_api: b,
  acr_values_supported: { type: 'array', items: { type: 'string' }, nullable: true },
  mtls: o,
  pushed_authorization_requests_supported: b,
  authorization_response_iss_parameter_supported: { type: 'boolean', nullable: true },
  skip_non_verifiable_callback_uri_confirmation_prompt: { type: 'boolean', nullable: true },
  resource_parameter_profile: s,
  client_id_metadata_document_supported: b,
  enable_ai_guide: b,
  phone_consolidated_experience: b,
  include_session_metadata_in_tenant_logs: b,
  dynamic_client_registration_security_mode: s,
  country_codes: { type: 'object' },
};

export function tenantSettingsRoutes(api: ApiMount): void {
  settingsObjectRoutes(api, 'tenants/settings', {
    key: 'settings',
    scope: 'tenant_settings',
    spec: { properties: SETTINGS },
    description: 'Update tenant settings',
    fields: true,
    // `flags` merge key by key; everything else is replaced.
    merged: ['flags'],
  });
}
