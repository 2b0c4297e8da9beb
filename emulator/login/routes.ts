// STUB — owned by the Universal Login helper.
import type Provider from 'oidc-provider';
import type { EmulatorContext } from '../app.ts';
import type { Router } from '../http/router.ts';

export function universalLoginRoutes(_router: Router, _context: EmulatorContext, _provider: Provider): void {}
