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
import { BodyError, type RouteContext, type Router } from '../http/router.ts';
import { InteractionError, loadInteraction } from '../oidc/interaction.ts';
import { continueAfterRedirect } from '../flow/continue.ts';
import { getTransaction } from '../flow/transactions.ts';
import { screenPath } from './routes.ts';
import { readStateForm, refuse, refuseServerError } from './refuse.ts';
import { flowEnv, follow, requestInfo, type LoginDeps } from './screen.ts';

export const CONTINUE_PATH = '/continue';

function invalidRequest(ctx: RouteContext, context: EmulatorContext, message: string): void {
  refuse(ctx, context, 400, 'invalid_request', `invalid_request: ${message}`);
}

export function continueRoutes(router: Router, context: EmulatorContext, provider: Provider): void {
  const deps: LoginDeps = { context, provider };
  const handle = async (ctx: RouteContext) => {
    try {
      const { body, state } = await readStateForm(ctx, ctx.method === 'POST');
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
      if (err instanceof BodyError)
        return refuse(ctx, context, err.status, 'invalid_request', err.message);
      refuseServerError(ctx, context, 'continue', err);
    }
  };
  router.get(CONTINUE_PATH, handle);
  router.post(CONTINUE_PATH, handle);
}
