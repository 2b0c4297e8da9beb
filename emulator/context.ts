/**
 * @module emulator/context
 * `EmulatorContext`: what every part of the emulator is handed (configuration, the tenant, its
 * origin and names, signing keys). It lives here, not in the composition root `app.ts`, so that
 * route modules depend on this small type module and never on the module that composes them:
 * the emulator's import graph has a top (`emulator/architecture.test.ts` checks it has no cycle).
 */
import type { EmulatorConfig } from './config.ts';
import type { SigningKeys } from './keys.ts';
import type { Tenant } from './tenant/store.ts';

/** What every part of the emulator is handed. */
export interface EmulatorContext {
  config: EmulatorConfig;
  tenant: Tenant;
  /** `https://localhost:PORT` (or `http://` without TLS): where browsers and clients reach the tenant. */
  origin: string;
  /** `localhost:PORT`: the tenant "domain" (`https://{domain}` is what the auth0 SDK builds). */
  domain: string;
  /** OIDC issuer, `${origin}/` (Auth0 issuers end with a slash). */
  issuer: string;
  /** Management API audience, `https://{domain}/api/v2/` as Auth0 names it. */
  managementAudience: string;
  keys: SigningKeys;
}
