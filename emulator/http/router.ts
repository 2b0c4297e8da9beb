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

/**
 * Matches a path, split on `/` and still percent-encoded, against a pattern's segments:
 * literal segments must be equal, `:name` segments capture the decoded part. Returns the
 * captured params, or `undefined` when the path does not match (or a part does not decode).
 */
export function matchSegments(
  segments: readonly string[],
  parts: readonly string[],
  opts: { emptyParams: boolean },
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = segments[i] as string;
    const part = parts[i] as string;
    if (!seg.startsWith(':')) {
      if (seg !== part) return undefined;
      continue;
    }
    if (part === '' && !opts.emptyParams) return undefined;
    try {
      params[seg.slice(1)] = decodeURIComponent(part);
    } catch {
      return undefined;
    }
  }
  return params;
}

/** Body values as single strings (the first of repeated form fields); other values dropped. */
export function stringFields(body: ParsedBody): Record<string, string> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const value = Array.isArray(v) ? (v[0] as unknown) : v;
    if (typeof value === 'string') out[k] = value;
  }
  return out;
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
      const params = matchSegments(r.segments, parts, { emptyParams: false });
      if (!params) continue;
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
