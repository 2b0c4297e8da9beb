/**
 * @module emulator/actions/api
 * The post-login v3 `api` object handed to an Action, as a recorder: every call is validated the
 * way Auth0 documents it and recorded for the flow engine; nothing here touches tenant state.
 * Source: https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object
 * and the v3 `.d.ts` (auth0-behaviour.md §1.3).
 * The factor arguments are checked in `api-factors.ts`, `api.redirect` lives in `api-redirect.ts`.
 */
import type { CacheStore } from './cache.ts';
import { notifyAfterEachCall } from './call-hook.ts';
import { customClaimRejection } from './claims.ts';
import type { ActionResult, DroppedClaim, MfaCommand } from './result.ts';
import { mfaCommand } from './api-factors.ts';
import { createRedirectApi, isHttpUrl } from './api-redirect.ts';
import {
  MULTIFACTOR_PROVIDERS,
  type EnableMultifactorOptions,
  type MultifactorProvider,
  type PostLoginApi,
  type PostLoginEvent,
  type TxMetadataValue,
} from './types.ts';

export type ActionHandler = 'onExecutePostLogin' | 'onContinuePostLogin';

/**
 * Constructors and a JSON parser from the Action's own realm, so that errors thrown by the API
 * satisfy `instanceof TypeError` inside the Action and returned objects have its prototypes.
 */
export interface ActionRealm {
  TypeError: new (message: string) => Error;
  Error: new (message: string) => Error;
  parse: (json: string) => unknown;
}

export interface PostLoginApiInput {
  handler: ActionHandler;
  /** The event as the flow engine built it; read-only here. */
  event: PostLoginEvent;
  /** The Action's own copy of the event, where transaction metadata is mirrored. */
  actionEvent: { transaction?: { metadata?: Record<string, unknown> } | null };
  realm: ActionRealm;
  cache: CacheStore;
  now: () => Date;
  /**
   * Called after every `api` method call (returned or threw), so that what was recorded so far
   * can leave the execution's thread before it may be stopped (`runtime.ts`).
   */
  onCall?: () => void;
}

/** Everything an Action asked for, minus the outcome and console lines. */
export type RecordedCalls = Omit<ActionResult, 'outcome' | 'error' | 'consoleLines'>;

export interface PostLoginApiRecorder {
  api: PostLoginApi;
  /** Ignore every later call: the execution has ended (finished, failed or timed out). */
  close(): void;
  /** A copy of what was recorded so far. */
  recorded(): RecordedCalls;
}

/** "Values are string, number or boolean, with a 16 KB total" (auth0-behaviour.md §1.2). */
const TRANSACTION_METADATA_LIMIT_BYTES = 16 * 1024;
/** Builds the `api` object for one execution of one Action. */
export function createPostLoginApi(input: PostLoginApiInput): PostLoginApiRecorder {
  const { realm, event } = input;
  let closed = false;
  const appMetadata: Record<string, unknown> = {};
  const userMetadata: Record<string, unknown> = {};
  const idTokenClaims: Record<string, unknown> = {};
  const accessTokenClaims: Record<string, unknown> = {};
  const droppedClaims: DroppedClaim[] = [];
  const scopeChanges: RecordedCalls['scopeChanges'] = [];
  const mfaCommands: MfaCommand[] = [];
  const recordedMethods: string[] = [];
  const transactionMetadata: Record<string, TxMetadataValue> = { ...event.transaction?.metadata };
  let deny: RecordedCalls['deny'];
  let multifactor: RecordedCalls['multifactor'];
  let redirect: RecordedCalls['redirect'];

  const typeError = (message: string) => new realm.TypeError(message);
  /** Copies a value out of the Action's realm, as Auth0 serialises it (JSON). */
  const plain = (value: unknown, what: string): unknown => {
    try {
      const json = JSON.stringify(value);
      return json === undefined ? undefined : JSON.parse(json);
    } catch (e) {
      throw typeError(`${what}: the value is not JSON-serialisable (${(e as Error).message})`);
    }
  };
  const requireKey = (key: unknown, what: string): string => {
    if (typeof key !== 'string' || key === '')
      throw typeError(`${what}: key must be a non-empty string`);
    return key;
  };

  const setMetadata = (
    target: Record<string, unknown>,
    method: string,
    key: unknown,
    value: unknown,
  ) => {
    const k = requireKey(key, method);
    const v = plain(value, method);
    // `undefined` has no JSON form, so it can never reach the profile: a no-op. `null` deletes.
    if (v !== undefined) target[k] = v;
  };

  const setClaim = (token: 'id' | 'access', key: unknown, value: unknown) => {
    const method = `api.${token === 'id' ? 'idToken' : 'accessToken'}.setCustomClaim`;
    const k = requireKey(key, method);
    const target = token === 'id' ? idTokenClaims : accessTokenClaims;
    const reason = customClaimRejection(token, k);
    if (reason) {
      droppedClaims.push({ token, key: k, reason });
      return;
    }
    const v = plain(value, method);
    if (v === undefined) delete target[k];
    else target[k] = v;
  };

  const realmValues = { typeError, plain };
  const command = (kind: MfaCommand['kind'], picker: boolean, first: unknown, rest: unknown) => {
    mfaCommands.push(mfaCommand(kind, picker, first, rest, realmValues));
  };

  const api: PostLoginApi = {
    access: {
      deny(reason: string) {
        // Deny does not cancel other side effects; the flow stops after this Action (§1.3).
        if (!closed) deny = { reason: String(reason) };
        return api;
      },
    },
    idToken: {
      setCustomClaim(key: string, value: unknown) {
        if (!closed) setClaim('id', key, value);
        return api;
      },
    },
    accessToken: {
      setCustomClaim(key: string, value: unknown) {
        if (!closed) setClaim('access', key, value);
        return api;
      },
      addScope(scope: string) {
        if (closed) return;
        scopeChanges.push({ op: 'add', scope: requireKey(scope, 'api.accessToken.addScope') });
      },
      removeScope(scope: string) {
        if (closed) return;
        scopeChanges.push({
          op: 'remove',
          scope: requireKey(scope, 'api.accessToken.removeScope'),
        });
      },
    },
    user: {
      // Batched: "Invoking this method won't update the metadata immediately" (§1.3). event.user
      // is deliberately left unchanged.
      setAppMetadata(key: string, value: unknown) {
        if (!closed) setMetadata(appMetadata, 'api.user.setAppMetadata', key, value);
        return api;
      },
      setUserMetadata(key: string, value: unknown) {
        if (!closed) setMetadata(userMetadata, 'api.user.setUserMetadata', key, value);
        return api;
      },
    },
    multifactor: {
      // "The actual multifactor challenge will be deferred to the end of the login flow" (§1.3).
      enable(provider: MultifactorProvider, options?: EnableMultifactorOptions) {
        if (closed) return api;
        if (!(MULTIFACTOR_PROVIDERS as readonly string[]).includes(provider)) {
          throw typeError(
            `api.multifactor.enable: invalid provider ${JSON.stringify(provider)}, expected one of ${MULTIFACTOR_PROVIDERS.join(', ')}`,
          );
        }
        const opts = (
          options === undefined ? {} : plain(options, 'api.multifactor.enable')
        ) as EnableMultifactorOptions;
        if (opts === null || typeof opts !== 'object')
          throw typeError('api.multifactor.enable: options must be an object');
        if (
          opts.allowRememberBrowser !== undefined &&
          typeof opts.allowRememberBrowser !== 'boolean'
        ) {
          throw typeError('api.multifactor.enable: options.allowRememberBrowser must be a boolean');
        }
        const recordedOptions: EnableMultifactorOptions = {};
        if (opts.allowRememberBrowser !== undefined)
          recordedOptions.allowRememberBrowser = opts.allowRememberBrowser;
        // `providerOptions` "only available for the `duo` provider".
        if (provider === 'duo' && opts.providerOptions)
          recordedOptions.providerOptions = opts.providerOptions;
        multifactor = { provider, options: recordedOptions };
        return api;
      },
    },
    authentication: {
      enrollWith(f, options) {
        if (!closed) command('enroll', false, f, options);
      },
      enrollWithAny(factors) {
        if (!closed) command('enroll', true, factors, undefined);
      },
      challengeWith(f, options) {
        if (!closed) command('challenge', false, f, options);
      },
      challengeWithAny(factors) {
        if (!closed) command('challenge', true, factors, undefined);
      },
      recordMethod(providerUrl: string) {
        if (closed) return api;
        // "only available from within the `onContinuePostLogin` function" (redirect-with-actions).
        if (input.handler !== 'onContinuePostLogin') {
          throw new realm.Error(
            'api.authentication.recordMethod() is only available in onContinuePostLogin',
          );
        }
        if (!isHttpUrl(providerUrl)) {
          throw typeError(
            'api.authentication.recordMethod: provider_url must be an http: or https: URL',
          );
        }
        recordedMethods.push(providerUrl);
        return api;
      },
    },
    redirect: createRedirectApi({
      ...realmValues,
      event,
      now: input.now,
      error: (message) => new realm.Error(message),
      parse: realm.parse,
      isClosed: () => closed,
      record: (r) => {
        redirect = r;
      },
      self: () => api,
    }),
    transaction: {
      setMetadata(key: string, value: TxMetadataValue | null) {
        if (closed) return;
        const k = requireKey(key, 'api.transaction.setMetadata');
        if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
          throw typeError(
            'api.transaction.setMetadata: value must be a string, number, boolean or null',
          );
        }
        const next = { ...transactionMetadata };
        if (value === null) delete next[k];
        else next[k] = value;
        if (Buffer.byteLength(JSON.stringify(next)) > TRANSACTION_METADATA_LIMIT_BYTES) {
          throw new realm.Error('api.transaction.setMetadata: transaction metadata exceeds 16 KB');
        }
        if (value === null) delete transactionMetadata[k];
        else transactionMetadata[k] = value;
        // "updated in real-time in the `event.transaction.metadata` object" (v3 TransactionAPI).
        const mirror = input.actionEvent.transaction?.metadata;
        if (mirror && typeof mirror === 'object') {
          if (value === null) delete mirror[k];
          else mirror[k] = value;
        }
      },
    },
    cache: {
      get(key: string) {
        const record = input.cache.get(requireKey(key, 'api.cache.get'));
        return record && (realm.parse(JSON.stringify(record)) as typeof record);
      },
      set(key: string, value: string, options?: { ttl?: number; expires_at?: number }) {
        const k = requireKey(key, 'api.cache.set');
        if (typeof value !== 'string') throw typeError('api.cache.set: value must be a string');
        return realm.parse(JSON.stringify(input.cache.set(k, value, options ?? {}))) as ReturnType<
          PostLoginApi['cache']['set']
        >;
      },
      delete(key: string) {
        return realm.parse(
          JSON.stringify(input.cache.delete(requireKey(key, 'api.cache.delete'))),
        ) as ReturnType<PostLoginApi['cache']['delete']>;
      },
    },
  };
  for (const part of Object.values(api) as Record<string, unknown>[]) {
    if (input.onCall) notifyAfterEachCall(part, input.onCall);
    Object.freeze(part);
  }
  Object.freeze(api);

  return {
    api,
    close() {
      closed = true;
    },
    recorded() {
      const out: RecordedCalls = structuredClone({
        appMetadata,
        userMetadata,
        idTokenClaims,
        accessTokenClaims,
        droppedClaims,
        scopeChanges,
        mfaCommands,
        recordedMethods,
        transactionMetadata,
      });
      if (deny) out.deny = { ...deny };
      if (multifactor) out.multifactor = structuredClone(multifactor);
      if (redirect) out.redirect = structuredClone(redirect);
      return out;
    },
  };
}
