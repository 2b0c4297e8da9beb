/**
 * @module emulator/oidc/client-settings
 * The oidc-provider options that read an application's record at each request (see
 * clients.ts for the metadata part): ID token lifetime from `jwt_configuration`, refresh-token
 * rotation and lifetime from `refresh_token`
 * (https://auth0.com/docs/secure/tokens/refresh-tokens/configure-refresh-token-rotation,
 * https://auth0.com/docs/secure/tokens/refresh-tokens/configure-refresh-token-expiration),
 * CORS from the allowed origins, and the ID token algorithms the tenant signs with.
 */
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import type { ClientRecord } from '../tenant/clients.ts';
import { corsOrigins, ID_TOKEN_ALGORITHMS } from './clients.ts';

type Ttl = Record<string, number>;

/** `ttl`, `rotateRefreshToken`, `clientBasedCORS` and `enabledJWA` for the tenant's clients. */
export function clientSettings(
  context: EmulatorContext,
  defaults: Ttl,
): Pick<Configuration, 'ttl' | 'rotateRefreshToken' | 'clientBasedCORS' | 'enabledJWA'> {
  const record = (clientId: string | undefined): ClientRecord | undefined =>
    clientId === undefined ? undefined : context.tenant.clients.get(clientId);
  const fallback = (name: string) => defaults[name] as number;
  return {
    ttl: {
      ...defaults,
      IdToken: (_ctx, _token, client) =>
        record(client.clientId)?.jwt_configuration.lifetime_in_seconds ?? fallback('IdToken'),
      RefreshToken: (_ctx, _token, client) => {
        const settings = record(client.clientId)?.refresh_token;
        if (settings?.expiration_type === 'expiring' && !settings.infinite_token_lifetime)
          return settings.token_lifetime ?? fallback('RefreshToken');
        return fallback('RefreshToken');
      },
    },
    rotateRefreshToken: (ctx: KoaContextWithOIDC) =>
      record(ctx.oidc.client?.clientId)?.refresh_token?.rotation_type === 'rotating',
    clientBasedCORS: (_ctx, origin, client) => {
      const found = record(client.clientId);
      return found !== undefined && corsOrigins(found).has(origin);
    },
    enabledJWA: { idTokenSigningAlgValues: ID_TOKEN_ALGORITHMS },
  };
}
