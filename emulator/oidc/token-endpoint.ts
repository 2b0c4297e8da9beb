/**
 * @module emulator/oidc/token-endpoint
 * Auth0's face on `POST /oauth/token` (https://auth0.com/docs/api/authentication#get-token):
 * - client authentication failures answer `401 {"error":"access_denied","error_description":"Unauthorized"}`
 *   instead of RFC 6749 §5.2 `invalid_client`;
 * - an unknown `audience` answers `403 access_denied "Service not enabled within domain: <aud>"`;
 * - client-credentials responses are `{access_token, expires_in, scope, token_type}`;
 * - every client-credentials exchange is logged as `seccft` / `feccft` (auth0-behaviour.md §3.3).
 * The body is left to oidc-provider to parse; this middleware only reads what it parsed.
 */
import type { Context, Middleware, Next } from 'koa';
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

/** Rewrites oidc-provider's token-endpoint errors to Auth0's. */
function toAuth0Error(
  status: number,
  body: Body,
  audience: string | undefined,
): { status: number; body: Body } {
  if (body.error === 'invalid_client') {
    return { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } };
  }
  if (body.error === 'invalid_target') {
    return {
      status: 403,
      body: {
        error: 'access_denied',
        error_description: `Service not enabled within domain: ${audience ?? ''}`,
      },
    };
  }
  return { status, body };
}

/** Middleware around oidc-provider's token endpoint; register with `provider.use()`. */
export function auth0TokenEndpoint(context: EmulatorContext): Middleware {
  return async (koaCtx: Context, next: Next): Promise<void> => {
    await next();
    if (koaCtx.method !== 'POST' || koaCtx.path !== TOKEN_PATH) return;

    const ctx = koaCtx as KoaContextWithOIDC;
    const oidc = (ctx as Partial<Pick<KoaContextWithOIDC, 'oidc'>>).oidc;
    const form = asBody(oidc?.body);
    const grantType = str(form?.grant_type);
    const audience = str(form?.audience) ?? str(form?.resource);
    const body = asBody(ctx.body);
    if (!body) return;

    if (ctx.status >= 400) {
      const mapped = toAuth0Error(ctx.status, body, audience);
      ctx.status = mapped.status;
      ctx.body = mapped.body;
    } else if (grantType === 'client_credentials') {
      ctx.body = {
        access_token: body.access_token,
        expires_in: body.expires_in,
        ...(body.scope !== undefined ? { scope: body.scope } : {}),
        token_type: body.token_type,
      };
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
