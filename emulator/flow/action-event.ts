/**
 * @module emulator/flow/action-event
 * Step 2a: the post-login `event` of the Action that begins now, from the transaction
 * (auth0-behaviour.md §1.2). `event.user`'s profile comes from the `eventProfile` read
 * (`user-reads.ts`: the snapshot, §1.4 item 1); `enrolledFactors` and `authentication.methods`
 * from the factor view kept by the transaction (refreshed after a pause, `pause.ts`).
 */
import { buildPostLoginEvent, multifactorOf, userViewFromRecord } from '../actions/event.ts';
import type { PostLoginEvent, PostLoginTransaction } from '../actions/types.ts';
import type { FlowEnv } from './env.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import type { UserRead } from './user-reads.ts';

type ResponseType = 'code' | 'token' | 'id_token';

/** `event.transaction` from the authorization request's parameters (§1.2). */
function transactionOf(tx: LoginTransaction): Omit<PostLoginTransaction, 'metadata'> {
  const p = tx.params;
  const str = (k: string) => {
    const v = p[k];
    return typeof v === 'string' ? v : undefined;
  };
  const list = (k: string) => str(k)?.split(' ').filter(Boolean);
  const responseMode = str('response_mode');
  return {
    id: tx.uid,
    protocol: 'oidc-basic-profile',
    locale: 'en',
    ...(str('redirect_uri') ? { redirect_uri: str('redirect_uri') } : {}),
    ...(str('state') ? { state: str('state') } : {}),
    ...(str('login_hint') ? { login_hint: str('login_hint') } : {}),
    ...(list('scope') ? { requested_scopes: list('scope') } : {}),
    ...(list('prompt') ? { prompt: list('prompt') } : {}),
    ...(list('ui_locales') ? { ui_locales: list('ui_locales') } : {}),
    ...(list('acr_values') ? { acr_values: list('acr_values') } : {}),
    ...(list('response_type') ? { response_type: list('response_type') as ResponseType[] } : {}),
    ...(responseMode === 'query' || responseMode === 'fragment' || responseMode === 'form_post'
      ? { response_mode: responseMode }
      : {}),
  };
}

/** Builds the `event` for the Action that begins now, seeing `profile` as `event.user`. */
export function buildEvent(env: FlowEnv, tx: LoginTransaction, profile: UserRead): PostLoginEvent {
  const flow = engineState(tx).flow;
  const client = env.tenant.clients.get(tx.clientId);
  // `event.user.multifactor` follows the same view as enrolledFactors (see multifactorOf).
  const multifactor =
    flow.view.enrolledFactors.length > 0
      ? (multifactorOf(profile.user.authenticators) ?? ['guardian'])
      : undefined;
  return buildPostLoginEvent({
    user: userViewFromRecord(profile.user),
    enrolledFactors: flow.view.enrolledFactors,
    ...(multifactor ? { multifactor } : {}),
    methods: flow.view.methods,
    client: { client_id: tx.clientId, name: client?.name ?? '', metadata: {} },
    connection: {
      id: env.tenant.connection.id,
      name: env.tenant.connection.name,
      strategy: env.tenant.connection.strategy,
      metadata: {},
    },
    transaction: transactionOf(tx),
    // "event.transaction.metadata … shared across Actions in one transaction" (§1.2).
    transactionMetadata: flow.transactionMetadata,
    // "A new event.request object is issued anytime an Action trigger is suspended and then resumed" (§1.1).
    request: {
      ip: env.request.ip,
      method: env.request.method,
      query: env.request.query,
      body: env.request.body,
      geoip: {},
      hostname: env.request.hostname,
      ...(env.request.userAgent ? { user_agent: env.request.userAgent } : {}),
      language: 'en',
    },
    stats: { logins_count: profile.user.logins_count },
    tenantId: env.tenant.config.tenantName,
  });
}
