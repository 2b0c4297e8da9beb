/**
 * @module emulator/management/remember-browser
 * `POST /api/v2/users/{id}/multifactor/actions/invalidate-remember-browser` — "Invalidate all
 * remembered browsers across all authentication factors for a user"
 * (https://auth0.com/docs/api/management/v2/users/post-invalidate-remember-browser; SDK v7
 * `users.multifactor.invalidateRememberBrowser(id)`). The browsers are those remembered through
 * "Remember this device for 30 days" (login/device.ts).
 */
import { forgetRememberedBrowsers } from '../login/device.ts';
import type { ApiMount } from './api.ts';
import { findUser } from './users.ts';

export function rememberBrowserRoutes(api: ApiMount): void {
  api.add('POST', 'users/:id/multifactor/actions/invalidate-remember-browser', {
    scopes: ['update:users'],
    description: 'Invalidate All Remembered Browsers for Multi-factor Authentication',
    handler: (req) => {
      const user = findUser(req.context.tenant, req.params.id as string);
      forgetRememberedBrowsers(req.context.tenant, user.user_id);
      return { status: 204 };
    },
  });
}
