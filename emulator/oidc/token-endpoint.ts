/**
 * @module emulator/oidc/token-endpoint
 * Auth0's face on `POST /oauth/token` (https://auth0.com/docs/api/authentication#get-token):
 * - client authentication failures answer `401 {"error":"access_denied","error_description":"Unauthorized"}`
 *   instead of RFC 6749 §5.2 `invalid_client`;
 * - an unknown `audience` answers `403 access_denied "Service not enabled within domain: <aud>"`;
 * - a wrong, expired, reused or foreign authorization code answers
 *   `403 invalid_grant "Invalid authorization code"`
 *   (https://community.auth0.com/t/authorisation-code-flow-error-403/73029), a wrong PKCE
 *   verifier `403 invalid_grant "Failed to verify code verifier"` (the text of Auth0's
 *   `feacft` log, https://github.com/sitefinitysteve/nativescript-auth0/issues/39; 403 per
 *   https://github.com/nuxt-community/auth-module/issues/1174), an unknown refresh token
 *   `403 invalid_grant "Unknown or invalid refresh token."`
 *   (https://github.com/auth0/nextjs-auth0/issues/333; status unconfirmed on live);
 * - a grant type the application may not use answers
 *   `403 unauthorized_client "Grant type '<type>' not allowed for the client."`
 *   (https://github.com/auth0/auth0-java/issues/165), an unknown one
 *   `unsupported_grant_type "Unsupported grant type: <type>"`
 *   (https://github.com/auth0/Auth0.swift/issues/82; its 400 status is RFC 6749 §5.2's,
 *   unconfirmed on live);
 * - client-credentials responses are `{access_token, expires_in, scope, token_type}`;
 * - a refresh without rotation answers no `refresh_token`
 *   (https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-tokens: the response has
 *   `access_token`, `expires_in`, `scope`, `id_token`, `token_type`);
 * - every client-credentials exchange is logged as `seccft` / `feccft` (auth0-behaviour.md §3.3).
 * The body is left to oidc-provider to parse (JSON bodies arrive as forms, token-json-body.ts);
 * this middleware only reads what it parsed, and the error oidc-provider reported.
 */
import type { Context, Middleware, Next } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { EmulatorContext } from '../context.ts';
import { clientIp, type LogInput } from '../tenant/logs.ts';

export const TOKEN_PATH = '/oauth/token';

type Body = Record<string, unknown>;

function asBody(value: unknown): Body | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Body)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function clientIdOf(ctx: KoaContextWithOIDC, form: Body | undefined): string | undefined {
  const fromBody = str(form?.client_id);
  if (fromBody) return fromBody;
  const auth = ctx.get('authorization');
  if (!/^basic /i.test(auth)) return undefined;
  const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, i));
  } catch {
    return undefined;
  }
}

/** What oidc-provider's `grant.error` event reported for a request. */
interface GrantError {
  error?: string;
  description?: string;
  /** oidc-provider's `error_detail` (why an `invalid_grant` was raised). */
  detail?: string;
}
const grantErrors = new WeakMap<Context, GrantError>();

function grantErrorOf(err: unknown): GrantError {
  const e = (err ?? {}) as { error?: unknown; error_description?: unknown; error_detail?: unknown };
  return {
    ...(typeof e.error === 'string' ? { error: e.error } : {}),
    ...(typeof e.error_description === 'string' ? { description: e.error_description } : {}),
    ...(typeof e.error_detail === 'string' ? { detail: e.error_detail } : {}),
  };
}

/** The `grant_type` as sent, for messages (clipped: it is echoed back). */
const shown = (grantType: string | undefined) => (grantType ?? '').slice(0, 200);

/** Rewrites oidc-provider's token-endpoint errors to Auth0's. */
function toAuth0Error(
  status: number,
  body: Body,
  request: { audience?: string; grantType?: string; detail?: string },
): { status: number; body: Body } {
  const auth0 = (s: number, error: string, description: string) => ({
    status: s,
    body: { error, error_description: description },
  });
  switch (body.error) {
    case 'invalid_client':
      return auth0(401, 'access_denied', 'Unauthorized');
    case 'invalid_target':
      return auth0(
        403,
        'access_denied',
        `Service not enabled within domain: ${request.audience ?? ''}`,
      );
    case 'invalid_grant':
      if (request.grantType === 'refresh_token')
        return auth0(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      if (request.detail === 'PKCE verification failed')
        return auth0(403, 'invalid_grant', 'Failed to verify code verifier');
      return auth0(403, 'invalid_grant', 'Invalid authorization code');
    case 'unsupported_grant_type':
      return auth0(
        400,
        'unsupported_grant_type',
        `Unsupported grant type: ${shown(request.grantType)}`,
      );
    case 'invalid_request':
      if (body.error_description === 'requested grant type is not allowed for this client') {
        return auth0(
          403,
          'unauthorized_client',
          `Grant type '${shown(request.grantType)}' not allowed for the client.`,
        );
      }
      return { status, body };
    default:
      return { status, body };
  }
}

/**
 * Middleware around oidc-provider's token endpoint; register with `provider.use()`.
 * @param provider the provider whose `grant.error` events tell why a grant was refused.
 */
export function auth0TokenEndpoint(context: EmulatorContext, provider: Provider): Middleware {
  provider.on('grant.error', (ctx: Context, err: unknown) => {
    grantErrors.set(ctx, grantErrorOf(err));
  });
  return async (koaCtx: Context, next: Next): Promise<void> => {
    await next();
    if (koaCtx.method !== 'POST' || koaCtx.path !== TOKEN_PATH) return;

    const ctx = koaCtx as KoaContextWithOIDC;
    const oidc = (ctx as Partial<Pick<KoaContextWithOIDC, 'oidc'>>).oidc;
    const form = asBody(oidc?.body);
    const grantType = str(form?.grant_type);
    const audience = str(form?.audience) ?? str(form?.resource);
    const reported = grantErrors.get(koaCtx);
    // An error rendered as HTML (a browser's Accept header) is answered in JSON, as Auth0 does.
    const body =
      asBody(ctx.body) ??
      (ctx.status >= 400 && reported?.error
        ? { error: reported.error, error_description: reported.description }
        : undefined);
    if (!body) return;

    if (ctx.status >= 400) {
      const mapped = toAuth0Error(ctx.status, body, {
        ...(audience !== undefined ? { audience } : {}),
        ...(grantType !== undefined ? { grantType } : {}),
        ...(reported?.detail !== undefined ? { detail: reported.detail } : {}),
      });
      ctx.status = mapped.status;
      ctx.body = mapped.body;
    } else if (grantType === 'client_credentials') {
      ctx.body = {
        access_token: body.access_token,
        expires_in: body.expires_in,
        ...(body.scope !== undefined ? { scope: body.scope } : {}),
        token_type: body.token_type,
      };
    } else if (grantType === 'refresh_token' && body.refresh_token === str(form?.refresh_token)) {
      // Without rotation Auth0 answers a refresh without a refresh token (the application keeps
      // its own); oidc-provider echoes the one presented. With rotation a new one is returned.
      ctx.body = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'refresh_token'));
    }

    if (grantType !== 'client_credentials') return;
    const clientId = oidc?.client?.clientId ?? clientIdOf(ctx, form);
    const client = clientId === undefined ? undefined : context.tenant.clients.get(clientId);
    const result = asBody(ctx.body) ?? {};
    const ok = ctx.status < 400;
    const event: LogInput = {
      type: ok ? 'seccft' : 'feccft',
      ...(ok ? {} : { description: str(result.error_description) ?? 'Failed Exchange' }),
      client_id: clientId ?? '',
      client_name: client?.name ?? '',
      audience: audience ?? '',
      ...(ok && typeof result.scope === 'string' ? { scope: result.scope } : {}),
      ip: clientIp(ctx.ip),
      hostname: context.domain,
      user_agent: ctx.get('user-agent'),
      user_id: '',
      details: ok
        ? { actions: { executions: [] } }
        : { error: result.error, error_description: result.error_description },
    };
    context.tenant.logs.emit(event);
  };
}
