/**
 * @module emulator/management/clients
 * Applications, read-only: `GET /api/v2/clients/{id}`
 * (https://auth0.com/docs/api/management/v2/clients/get-clients-by-id; SDK v7 `clients.get`).
 * Scopes: `read:clients` or `read:client_keys`; the secret is returned only with
 * `read:client_keys` (Management API scopes docs). The 404 wording is unconfirmed.
 */
import { notFound } from '../http/errors.ts';
import type { ClientRecord } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { FIELDS_QUERY } from './query.ts';
import { projectFields } from './validate.ts';

/** The Auth0 client JSON (the fields the emulator models, plus Auth0's fixed defaults). */
export function serializeClient(
  record: ClientRecord,
  tenantName: string,
  withSecret: boolean,
): Record<string, unknown> {
  return {
    tenant: tenantName,
    global: false,
    is_token_endpoint_ip_header_trusted: false,
    name: record.name,
    is_first_party: true,
    oidc_conformant: true,
    sso_disabled: false,
    cross_origin_authentication: false,
    callbacks: [...record.callbacks],
    allowed_logout_urls: [...record.allowed_logout_urls],
    allowed_origins: [],
    web_origins: [],
    client_id: record.client_id,
    ...(withSecret ? { client_secret: record.client_secret } : {}),
    callback_url_template: false,
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
    app_type: record.app_type,
    grant_types: [...record.grant_types],
    custom_login_page_on: true,
    token_endpoint_auth_method: 'client_secret_post',
  };
}

function get(req: ApiRequest) {
  const record = req.context.tenant.clients.get(req.params.id as string);
  if (!record) throw notFound('The client does not exist', 'inexistent_client');
  const includeFields = req.query.bool('include_fields', true);
  const withSecret = req.principal.scopes.includes('read:client_keys');
  const body = serializeClient(record, req.context.config.tenantName, withSecret);
  return { body: projectFields(body, req.query.string('fields'), includeFields) };
}

export function clientRoutes(api: ApiMount): void {
  api.add('GET', 'clients/:id', {
    scopes: ['read:clients', 'read:client_keys'],
    // GetClientRequestParameters.
    query: FIELDS_QUERY,
    handler: get,
  });
}
