/**
 * @module emulator/oidc/clients
 * An Auth0 application (`ClientRecord`) as oidc-provider client metadata (RFC 7591 §2).
 * Auth0 applications accept `client_secret_post` and `client_secret_basic` alike; oidc-provider
 * does too for a client registered with either secret method, so one is registered.
 */
import type { ClientMetadata } from 'oidc-provider';
import type { ClientRecord } from '../tenant/store.ts';

/** Grant types the emulated tenant implements (Auth0 Dashboard › Application › Grant Types). */
const SUPPORTED_GRANTS = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

export function toClientMetadata(record: ClientRecord): ClientMetadata {
  const grantTypes = record.grant_types.filter((g) => SUPPORTED_GRANTS.has(g));
  const interactive =
    record.app_type === 'regular_web' && grantTypes.includes('authorization_code');
  return {
    client_id: record.client_id,
    client_secret: record.client_secret,
    client_name: record.name,
    application_type: 'web',
    grant_types: grantTypes,
    // Auth0 Regular Web Applications use the authorization code flow only (no implicit here).
    response_types: interactive ? ['code'] : [],
    redirect_uris: interactive ? record.callbacks : [],
    token_endpoint_auth_method: 'client_secret_post',
    // Auth0 signs ID tokens RS256 unless the application is switched to HS256.
    id_token_signed_response_alg: 'RS256',
  };
}
