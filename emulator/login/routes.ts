/**
 * @module emulator/login/routes
 * Universal Login on Auth0's paths (auth0-behaviour.md §2.3): every screen is served by GET
 * and posts back to itself with `state` (the oidc-provider interaction uid). A `state` that is
 * not the browser's login transaction is refused with a 400 page; bad input never yields a 500.
 */
import type Provider from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import { BodyError, queryParam, type RouteContext, type Router } from '../http/router.ts';
import { transactionFor } from '../flow/transactions.ts';
import { InteractionError, loadInteraction } from '../oidc/interaction.ts';
import { readStateForm, refuse, refuseServerError } from './refuse.ts';
import {
  flowEnv,
  requestInfo,
  type LoginDeps,
  type ScreenHandler,
  type ScreenRequest,
} from './screen.ts';
import { login } from './screens/login.ts';
import { loginIdentifier } from './screens/login-identifier.ts';
import { loginPassword } from './screens/login-password.ts';
import { mfaDetectBrowserCapabilities } from './screens/mfa-detect-browser-capabilities.ts';
import { mfaBeginEnrollOptions, mfaLoginOptions } from './screens/mfa-options.ts';
import { mfaOtpChallenge } from './screens/mfa-otp-challenge.ts';
import { mfaOtpEnrollmentCode, mfaOtpEnrollmentQr } from './screens/mfa-otp-enrollment.ts';
import { mfaWebauthnPlatformChallenge } from './screens/mfa-webauthn-platform-challenge.ts';
import { mfaWebauthnPlatformEnrollment } from './screens/mfa-webauthn-platform-enrollment.ts';
import { mfaWebauthnError } from './screens/mfa-webauthn-error.ts';
import { mfaRecoveryCodeEnrollment } from './screens/mfa-recovery-code-enrollment.ts';
import { passkeyEnrollment } from './screens/passkey-enrollment.ts';
import { signup } from './screens/signup.ts';
import type { ScreenName } from './screen-for-prompt.ts';
import { ensureDeviceId } from './device.ts';

/**
 * Every Universal Login screen the emulator serves, by Auth0's screen name (§2.5). A name
 * without its screen, or a screen filed under another name, does not compile.
 */
export const SCREENS = {
  login,
  'login-id': loginIdentifier,
  'login-password': loginPassword,
  signup,
  'mfa-detect-browser-capabilities': mfaDetectBrowserCapabilities,
  'mfa-otp-enrollment-qr': mfaOtpEnrollmentQr,
  'mfa-otp-enrollment-code': mfaOtpEnrollmentCode,
  'mfa-otp-challenge': mfaOtpChallenge,
  'mfa-webauthn-platform-enrollment': mfaWebauthnPlatformEnrollment,
  'mfa-webauthn-platform-challenge': mfaWebauthnPlatformChallenge,
  'mfa-webauthn-error': mfaWebauthnError,
  'mfa-recovery-code-enrollment': mfaRecoveryCodeEnrollment,
  'passkey-enrollment': passkeyEnrollment,
  'mfa-login-options': mfaLoginOptions,
  'mfa-begin-enroll-options': mfaBeginEnrollOptions,
} as const satisfies { [N in ScreenName]: ScreenHandler & { name: N } };

/** A screen's path by name: each screen module holds the only copy of its path. */
export const screenPath = (name: ScreenName): string => SCREENS[name].path;

/** Mounts the screens on the router. */
export function universalLoginRoutes(
  router: Router,
  context: EmulatorContext,
  provider: Provider,
): void {
  const deps: LoginDeps = { context, provider };
  for (const screen of Object.values(SCREENS)) {
    const handle = (method: 'get' | 'post') => async (ctx: RouteContext) => {
      try {
        // The `did` device cookie is set on the first Universal Login visit (device.ts).
        ensureDeviceId(ctx);
        const { body, state } = await readStateForm(ctx, method === 'post');
        if (!state)
          return refuse(
            ctx,
            context,
            400,
            'missing-state',
            'The login request is missing its state.',
          );
        const queryState = queryParam(ctx, 'state');
        if (queryState !== undefined && queryState !== state) {
          return refuse(
            ctx,
            context,
            400,
            'invalid-state',
            'The login transaction is invalid or has expired.',
          );
        }
        const interaction = await loadInteraction(provider, ctx.req, ctx.res, state);
        const tx = transactionFor(context.tenant, interaction.uid, interaction.params.client_id, {
          ...interaction.params,
        });
        const request = requestInfo({ ctx, deps, body });
        const r: ScreenRequest = {
          ctx,
          deps,
          interaction,
          tx,
          env: flowEnv(deps, request),
          body,
          path: screen.path,
          pathOf: screenPath,
        };
        if (method === 'post')
          tx.addToTrail('post', screen.path, { action: body.action ?? 'default' });
        await screen[method](r);
      } catch (err) {
        if (err instanceof InteractionError) {
          return refuse(
            ctx,
            context,
            400,
            err.code,
            'The login transaction is invalid or has expired.',
          );
        }
        if (err instanceof BodyError)
          return refuse(ctx, context, err.status, 'invalid-request', err.message);
        refuseServerError(ctx, context, 'universal-login', err);
      }
    };
    router.get(screen.path, handle('get'));
    router.post(screen.path, handle('post'));
  }
}
