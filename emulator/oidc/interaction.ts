/**
 * @module emulator/oidc/interaction
 * The contract between `/authorize` (oidc-provider) and the Universal Login screens.
 *
 * `/authorize` answers `303 /u/login/identifier?state=UID` (or `/u/signup?state=UID` for
 * `screen_hint=signup`, https://auth0.com/docs/authenticate/login/auth0-universal-login/new-experience#signup)
 * and sets the `_interaction` cookie to UID. Every screen then calls `loadInteraction` (the
 * `state` it was given must be the browser's interaction: a tampered or foreign `state` is
 * refused), and the last one calls `finishLogin` and redirects to the URL it returns
 * (`/authorize/UID`), which issues the code to the application's `redirect_uri`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction, KoaContextWithOIDC } from 'oidc-provider';
import { setTransactionClaims, type TransactionClaims } from './transaction-claims.ts';

export type InteractionErrorCode = 'interaction_not_found' | 'state_mismatch' | 'session_changed';

/** Why a login transaction cannot be continued. `code` is machine-readable; render your own text. */
export class InteractionError extends Error {
  override name = 'InteractionError';
  constructor(
    readonly code: InteractionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The authorization request parameters a screen may need (all strings as received). */
export interface AuthorizationParams {
  client_id: string;
  redirect_uri?: string;
  response_type?: string;
  response_mode?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  prompt?: string;
  max_age?: string;
  login_hint?: string;
  ui_locales?: string;
  /** Auth0 extension: `signup` opens the sign-up screen. */
  screen_hint?: string;
  /** Auth0 extension: the connection to log in with. */
  connection?: string;
  [name: string]: unknown;
}

export interface LoginTransaction {
  /** Interaction uid: the `state` every Universal Login screen carries. */
  uid: string;
  /** oidc-provider prompt: `login` (or `consent` on `prompt=consent` with a live session). */
  prompt: string;
  /** Why the prompt is needed, e.g. `no_session`, `login_prompt`, `max_age`. */
  reasons: string[];
  params: AuthorizationParams;
  /** The user already logged in on this browser, when there is a session. */
  sessionAccountId?: string;
  /** `/authorize/UID`: where the browser goes once the transaction is finished. */
  returnTo: string;
  /** Seconds since epoch when the transaction expires. */
  expiresAt: number;
}

/** `interactions.url`: Auth0's identifier-first login, or sign-up on `screen_hint=signup`. */
export function interactionUrl(_ctx: KoaContextWithOIDC, interaction: Interaction): string {
  const uid = encodeURIComponent(interaction.uid);
  return interaction.params.screen_hint === 'signup'
    ? `/u/signup?state=${uid}`
    : `/u/login/identifier?state=${uid}`;
}

function stateFromUrl(req: IncomingMessage): string | undefined {
  const state = new URL(req.url ?? '/', 'http://localhost').searchParams.get('state');
  return state ?? undefined;
}

async function findInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  state: string | undefined,
): Promise<Interaction> {
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch (err) {
    const message =
      err instanceof Error && 'error_description' in err
        ? String(err.error_description)
        : 'interaction not found';
    const code = /principal changed|session not found/.test(message)
      ? 'session_changed'
      : 'interaction_not_found';
    throw new InteractionError(code, message);
  }
  const expected = state ?? stateFromUrl(req);
  if (expected !== interaction.uid) {
    throw new InteractionError(
      'state_mismatch',
      "the state does not belong to this browser's login transaction",
    );
  }
  return interaction;
}

/**
 * Loads the login transaction a Universal Login request belongs to.
 * @param state The `state` the screen received; defaults to the request URL's `?state=`.
 * @throws InteractionError when the browser has no transaction, or `state` is not its uid.
 */
export async function loadInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  state?: string,
): Promise<LoginTransaction> {
  const interaction = await findInteraction(provider, req, res, state);
  return {
    uid: interaction.uid,
    prompt: interaction.prompt.name,
    reasons: [...interaction.prompt.reasons],
    params: interaction.params as AuthorizationParams,
    ...(interaction.session?.accountId ? { sessionAccountId: interaction.session.accountId } : {}),
    returnTo: interaction.returnTo,
    expiresAt: interaction.exp,
  };
}

export interface LoginResult {
  /** `user_id` of the user who authenticated. */
  accountId: string;
  /**
   * Authentication methods references for the ID token `amr`. Auth0 puts `["mfa"]` there exactly
   * when an MFA factor was challenged in this transaction; empty or absent: no `amr` claim.
   */
  amr?: string[];
  acr?: string;
  /** Keep the session after the browser closes (default true, as Auth0's session cookie). */
  remember?: boolean;
  /** Custom claims set by post-login Actions in this transaction. */
  claims?: TransactionClaims;
  /** The `state` the screen received; defaults to the request URL's `?state=`. */
  state?: string;
}

/**
 * Completes the transaction as logged in and returns where to redirect the browser
 * (`/authorize/UID`, which answers with the code at the application's `redirect_uri`).
 * @throws InteractionError as `loadInteraction`.
 */
export async function finishLogin(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  result: LoginResult,
): Promise<string> {
  const interaction = await findInteraction(provider, req, res, result.state);
  if (result.claims) setTransactionClaims(provider, interaction.uid, result.claims);
  const amr = result.amr && result.amr.length > 0 ? [...result.amr] : undefined;
  return provider.interactionResult(
    req,
    res,
    {
      login: {
        accountId: result.accountId,
        remember: result.remember ?? true,
        ...(amr ? { amr } : {}),
        ...(result.acr ? { acr: result.acr } : {}),
      },
      // First-party applications never see consent (grant.ts); settling it here also
      // satisfies an explicit `prompt=consent`.
      consent: {},
    },
    { mergeWithLastSubmission: false },
  );
}

/**
 * Ends the transaction with an OAuth error (e.g. `access_denied` from `api.access.deny(reason)`,
 * whose `reason` becomes `error_description`) and returns where to redirect the browser; the
 * application receives `?error=…&error_description=…&state=…`.
 */
export async function failLogin(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  failure: { error: string; error_description?: string; state?: string },
): Promise<string> {
  await findInteraction(provider, req, res, failure.state);
  return provider.interactionResult(
    req,
    res,
    {
      error: failure.error,
      ...(failure.error_description !== undefined
        ? { error_description: failure.error_description }
        : {}),
    },
    { mergeWithLastSubmission: false },
  );
}
