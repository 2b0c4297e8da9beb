/**
 * @module emulator/login/continue
 * `GET|POST /continue?state=…`: where the external page of `api.redirect.sendUserTo` sends the
 * browser back (redirect-with-actions, auth0-behaviour.md §1.3). The flow resumes in the same
 * Action's `exports.onContinuePostLogin(event, api)` with a new `event.request` (this request's
 * query and body: tokens "should be POSTed to /continue"). A missing or incorrect `state`, or a
 * transaction that is not waiting for `/continue`, is an `invalid_request` error.
 */
import type Provider from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import {
  BodyError,
  queryParam,
  readBody,
  stringFields,
  type RouteContext,
  type Router,
} from '../http/router.ts';
import { InteractionError, loadInteraction } from '../oidc/interaction.ts';
import { continueAfterRedirect } from '../flow/continue.ts';
import { getTransaction } from '../flow/transactions.ts';
import { errorPage } from '../views/layout.ts';
import { screenPath } from './routes.ts';
import { flowEnv, follow, requestInfo, sendHtml, type LoginDeps } from './screen.ts';

export const CONTINUE_PATH = '/continue';

function invalidRequest(ctx: RouteContext, context: EmulatorContext, message: string): void {
  sendHtml(
    ctx,
    400,
    errorPage({
      title: 'Something Went Wrong',
      message: `invalid_request: ${message}`,
      code: 'invalid_request',
      tenantName: context.tenant.settings.friendly_name,
    }),
  );
}

export function continueRoutes(router: Router, context: EmulatorContext, provider: Provider): void {
  const deps: LoginDeps = { context, provider };
  const handle = async (ctx: RouteContext) => {
    try {
      const body = ctx.method === 'POST' ? stringFields(await readBody(ctx, 256 * 1024)) : {};
      const state = body.state ?? queryParam(ctx, 'state');
      if (!state) return invalidRequest(ctx, context, 'Missing required parameter: state');
      const interaction = await loadInteraction(provider, ctx.req, ctx.res, state);
      const tx = getTransaction(context.tenant, interaction.uid);
      if (!tx?.flow.redirect) {
        return invalidRequest(ctx, context, 'The login transaction is not waiting for /continue');
      }
      tx.addToTrail('post', CONTINUE_PATH, { method: ctx.method });
      const env = flowEnv(deps, requestInfo({ ctx, deps, body }));
      const step = await continueAfterRedirect(env, tx);
      if (!step) {
        return invalidRequest(ctx, context, 'The login transaction is not waiting for /continue');
      }
      const r = { ctx, deps, interaction, tx, env, body, path: CONTINUE_PATH, pathOf: screenPath };
      await follow(r, step);
    } catch (err) {
      if (err instanceof InteractionError) {
        return invalidRequest(ctx, context, 'The state is invalid or the transaction has expired');
      }
      if (err instanceof BodyError) {
        sendHtml(
          ctx,
          err.status,
          errorPage({
            title: 'Something Went Wrong',
            message: err.message,
            code: 'invalid_request',
            tenantName: context.tenant.settings.friendly_name,
          }),
        );
        return;
      }
      console.error(`[continue] ${ctx.method} ${ctx.path}:`, err);
      sendHtml(
        ctx,
        500,
        errorPage({
          title: 'Something Went Wrong',
          message: 'Something went wrong, please try again later.',
          code: 'server-error',
          tenantName: context.tenant.settings.friendly_name,
        }),
      );
    }
  };
  router.get(CONTINUE_PATH, handle);
  router.post(CONTINUE_PATH, handle);
}
