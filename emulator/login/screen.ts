/**
 * @module emulator/login/screen
 * What every Universal Login screen handler shares: the request's transaction (loaded from the
 * interaction named by `state`), the flow environment, form-body access, HTML responses and
 * following a flow step (the screen for the next prompt, the finish, or the error for the
 * application). Screens render and parse; they change the transaction only through its intent
 * methods and the flow engine (`emulator/flow/`).
 * Every page posts back to its own URL with `state` (auth0-behaviour.md §2.3).
 */
import type Provider from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import { executeAction } from '../actions/runtime.ts';
import { advance } from '../flow/advance.ts';
import type { FlowEnv, RequestInfo } from '../flow/env.ts';
import { waitingOn, type FlowStep } from '../flow/step.ts';
import type { LoginTransaction, PromptView } from '../flow/transaction.ts';
import { liveUser as liveUserOf } from '../flow/user-reads.ts';
import type { RouteContext } from '../http/router.ts';
import {
  failLogin,
  finishLogin,
  type LoginTransaction as Interaction,
} from '../oidc/interaction.ts';
import { clientIp } from '../tenant/logs.ts';
import type { UserRecord } from '../tenant/store.ts';
import type { ScreenContext } from '../views/layout.ts';
import { deviceIdOf } from './device.ts';
import { screenForPrompt, type ScreenName } from './screen-for-prompt.ts';

export interface LoginDeps {
  context: EmulatorContext;
  provider: Provider;
}

/** One Universal Login request, with its transaction. */
export interface ScreenRequest {
  ctx: RouteContext;
  deps: LoginDeps;
  interaction: Interaction;
  tx: LoginTransaction;
  env: FlowEnv;
  /** The form body (POST) with single string values; `{}` on GET. */
  body: Record<string, string>;
  /** The path this screen is served on. */
  path: string;
  /** A screen's path by name (each screen module holds its own; `routes.ts` knows them all). */
  pathOf: (name: ScreenName) => string;
}

export interface ScreenHandler<N extends ScreenName = ScreenName> {
  /** Auth0's screen name (§2.5), e.g. `mfa-otp-challenge`. */
  name: N;
  /** Auth0's path, e.g. `/u/mfa-otp-challenge`; the only copy of it. */
  path: string;
  get(r: ScreenRequest): Promise<void>;
  post(r: ScreenRequest): Promise<void>;
}

/** Fields never copied into `event.request.body` or logs. */
const SECRET_FIELDS = new Set(['password', 'code', 'response']);

/** The request as logs and `event.request` see it. */
export function requestInfo(r: {
  ctx: RouteContext;
  deps: LoginDeps;
  body: Record<string, string>;
}): RequestInfo {
  const ua = r.ctx.get('user-agent');
  const deviceId = deviceIdOf(r.ctx);
  return {
    ip: clientIp(r.ctx.req.socket.remoteAddress),
    ...(ua ? { userAgent: ua } : {}),
    ...(deviceId ? { deviceId } : {}),
    method: r.ctx.method,
    path: r.ctx.path,
    hostname: r.deps.context.domain,
    query: { ...r.ctx.query },
    body: Object.fromEntries(Object.entries(r.body).filter(([k]) => !SECRET_FIELDS.has(k))),
  };
}

/** The flow environment for this request. */
export function flowEnv(deps: LoginDeps, request: RequestInfo): FlowEnv {
  return {
    tenant: deps.context.tenant,
    userReads: deps.context.config.userReads,
    request,
    // `actionTimeoutMs`: a test seam for Auth0's 20 s limit (config.ts).
    runAction: (input) =>
      executeAction(
        deps.context.config.actionTimeoutMs === undefined
          ? input
          : { ...input, timeoutMs: deps.context.config.actionTimeoutMs },
      ),
  };
}

/** What the views need to know about where they are. */
export function screenContext(r: ScreenRequest): ScreenContext {
  const tenant = r.deps.context.tenant;
  return {
    state: r.tx.uid,
    path: r.path,
    tenantName: tenant.settings.friendly_name,
    clientName: tenant.clients.get(r.tx.clientId)?.name ?? '',
  };
}

/** `path?state=UID`. */
export const withState = (path: string, uid: string) => `${path}?state=${encodeURIComponent(uid)}`;

/** Sends a page (no caching: it carries a transaction). */
export function sendHtml(ctx: RouteContext, status: number, html: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Frame-Options', 'deny');
  ctx.body = html;
}

/** Records a screen on the trail and sends it. */
export function show(
  r: ScreenRequest,
  screen: string,
  status: number,
  html: string,
  detail?: Record<string, unknown>,
): void {
  r.tx.addToTrail('screen', screen, { status, ...detail });
  sendHtml(r.ctx, status, html);
}

/** Redirects the browser (302, as Universal Login does). */
export function redirect(ctx: RouteContext, url: string): void {
  ctx.status = 302;
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(url);
}

/** The URL of a screen of this transaction (`path?state=UID`, §2.3). */
export const screenUrl = (r: ScreenRequest, name: ScreenName): string =>
  withState(r.pathOf(name), r.tx.uid);

/** Sends the browser to a screen of this transaction. */
export const goTo = (r: ScreenRequest, name: ScreenName): void =>
  redirect(r.ctx, screenUrl(r, name));

/**
 * Follows a flow step: the screen of the next prompt, the finish (code to the app) or the error
 * to the app.
 */
export async function follow(r: ScreenRequest, step: FlowStep): Promise<void> {
  const { provider } = r.deps;
  if (step.kind === 'prompt') {
    goTo(r, screenForPrompt(step.prompt));
    return;
  }
  if (step.kind === 'redirect') {
    // api.redirect.sendUserTo: the external page sends the browser back to /continue?state=.
    r.tx.addToTrail('flow', 'redirect', { to: 'external', url: new URL(step.url).origin });
    redirect(r.ctx, step.url);
    return;
  }
  if (step.kind === 'finish') {
    const url = await finishLogin(provider, r.ctx.req, r.ctx.res, {
      accountId: step.accountId,
      amr: step.amr,
      claims: { idToken: step.idTokenClaims, accessToken: step.accessTokenClaims },
      state: r.tx.uid,
    });
    r.tx.markDone();
    r.tx.addToTrail('flow', 'redirect', { to: 'authorize-resume' });
    redirect(r.ctx, url);
    return;
  }
  const url = await failLogin(provider, r.ctx.req, r.ctx.res, {
    error: step.error,
    error_description: step.error_description,
    state: r.tx.uid,
  });
  r.tx.addToTrail('flow', 'redirect', { to: 'authorize-resume', error: step.error });
  redirect(r.ctx, url);
}

/**
 * Runs the flow and follows it: after a screen changed the transaction, or when a screen is not
 * the transaction's current step.
 */
export async function toCurrentStep(r: ScreenRequest): Promise<void> {
  await follow(r, await advance(r.env, r.tx));
}

/**
 * A screen served only while `pending` finds what it shows (else the browser goes to the
 * transaction's current step): GET renders that with 200, POST is handled with it.
 */
export function screenWhile<N extends ScreenName, T>(
  name: N,
  path: string,
  pending: (r: ScreenRequest) => T | undefined,
  render: (r: ScreenRequest, shown: T, status: number) => Promise<void> | void,
  post: (r: ScreenRequest, shown: T) => Promise<void>,
): ScreenHandler<N> {
  return {
    name,
    path,
    async get(r) {
      const shown = pending(r);
      if (shown === undefined) return toCurrentStep(r);
      await render(r, shown, 200);
    },
    async post(r) {
      const shown = pending(r);
      if (shown === undefined) return toCurrentStep(r);
      await post(r, shown);
    },
  };
}

/**
 * The pending MFA prompt when this screen is the one that shows it, else undefined (the caller
 * then sends the browser to the current step).
 */
export function promptFor(
  r: ScreenRequest,
  screens: ScreenName | readonly ScreenName[],
): PromptView | undefined {
  const pending = waitingOn(r.tx);
  if (pending?.name !== 'mfa') return undefined;
  const wanted: readonly ScreenName[] = typeof screens === 'string' ? [screens] : screens;
  return wanted.includes(screenForPrompt(pending)) ? pending.mfa : undefined;
}

/** The live user of the transaction. */
export function liveUser(r: ScreenRequest): UserRecord | undefined {
  return liveUserOf(r.env, r.tx);
}

/** "Try another method": back to the picker of every usable factor (§2.4 `pick-authenticator`). */
export function pickAnother(r: ScreenRequest, prompt: PromptView): Promise<void> {
  if (prompt.factors.length >= 2) r.tx.offerFactorPicker();
  return toCurrentStep(r);
}

/** Whether the end-of-flow policy allows "Remember this device" (`allowRememberBrowser`, §1.3). */
export function allowRememberBrowser(r: ScreenRequest): boolean {
  return r.tx.flow.multifactor?.options?.allowRememberBrowser === true;
}
