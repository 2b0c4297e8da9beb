/**
 * @module emulator/http/router
 * A small route table in front of oidc-provider's Koa app: exact methods, `:param` segments,
 * and body parsing limited to what Auth0 accepts (JSON up to 1 MB for the Management API,
 * form posts for Universal Login). Unmatched requests fall through to oidc-provider.
 */
import { parse as parseQuery } from 'node:querystring';
import type { Context, Middleware, Next } from 'koa';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type RouteContext = Context & { params: Record<string, string> };
export type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: Method;
  segments: string[];
  handler: Handler;
}

/** Body a handler reads after `readBody()`; `undefined` when the request had none. */
export type ParsedBody = Record<string, unknown> | unknown[] | undefined;

export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const ONE_MB = 1024 * 1024;

/**
 * Reads and parses the request body once: `application/json` or
 * `application/x-www-form-urlencoded`. Throws `BodyError` for malformed, oversize or
 * unsupported bodies so callers can answer in their own error shape.
 */
export async function readBody(ctx: Context, limit = ONE_MB): Promise<ParsedBody> {
  const cached = (ctx.request as { body?: ParsedBody }).body;
  if (cached !== undefined) return cached;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, 'Payload too large');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  let body: ParsedBody;
  if (raw.length === 0) body = undefined;
  else if (ctx.is('application/json')) {
    try {
      body = JSON.parse(raw) as ParsedBody;
    } catch {
      throw new BodyError(400, 'Invalid request payload JSON format');
    }
  } else if (ctx.is('application/x-www-form-urlencoded')) {
    body = parseQuery(raw);
  } else {
    throw new BodyError(415, `Unsupported content-type: ${ctx.get('content-type') || 'none'}`);
  }
  (ctx.request as { body?: ParsedBody }).body = body;
  return body;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: Method, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split('/'), handler });
    return this;
  }

  get(p: string, h: Handler) {
    return this.add('GET', p, h);
  }
  post(p: string, h: Handler) {
    return this.add('POST', p, h);
  }
  patch(p: string, h: Handler) {
    return this.add('PATCH', p, h);
  }
  put(p: string, h: Handler) {
    return this.add('PUT', p, h);
  }
  delete(p: string, h: Handler) {
    return this.add('DELETE', p, h);
  }

  /** Finds the route for a method and path; `allowed` lists methods matching the path alone. */
  match(
    method: string,
    path: string,
  ): { handler?: Handler; params: Record<string, string>; allowed: Method[] } {
    const parts = path.split('/');
    const allowed: Method[] = [];
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) {
          try {
            params[seg.slice(1)] = decodeURIComponent(part);
          } catch {
            ok = false;
          }
          if (part === '') ok = false;
        } else if (seg !== part) ok = false;
        if (!ok) break;
      }
      if (!ok) continue;
      allowed.push(r.method);
      if (r.method === method) return { handler: r.handler, params, allowed };
    }
    return { params: {}, allowed };
  }

  middleware(): Middleware {
    return async (ctx: Context, next: Next) => {
      const found = this.match(ctx.method, ctx.path);
      if (!found.handler) {
        await next();
        return;
      }
      (ctx as RouteContext).params = found.params;
      await found.handler(ctx as RouteContext);
    };
  }
}

/** Query string value as a single string (first one wins), or undefined. */
export function queryParam(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}
