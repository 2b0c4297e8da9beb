// STUB — owned by the OIDC helper; replaced with the real oidc-provider configuration.
import Provider from 'oidc-provider';
import type { EmulatorContext } from '../app.ts';

export function createProvider(context: EmulatorContext): Provider {
  return new Provider(context.issuer, {});
}
