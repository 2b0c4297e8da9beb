/**
 * @module emulator/http/router
 * The emulator's one route table, in front of oidc-provider's Koa app: exact methods, `:param`
 * segments, prefix mounts that wrap their routes in a pipeline (the Management API under
 * `/api/v2`), and body parsing limited to what Auth0 accepts (JSON up to 1 MB for the
 * Management API, form posts for Universal Login). Unmatched requests outside a mount fall
 * through to oidc-provider.
 */
import { parse as parseQuery } from 'node:querystring';
import type { Context, Middleware, Next } from 'koa';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type RouteContext = Context & { params: Record<string, string> };
export type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: Method;
  /** The pattern as registered, e.g. `/api/v2/users/:id`. */
  pattern: string;
  segments: string[];
  handler: Handler;
}

/** A route registered through a `Mount`: its path below the prefix and its metadata. */
export interface MountedRoute<M> {
  readonly method: Method;
  /** Path below the mount's prefix, without a leading slash (`users/:id`). */
  readonly path: string;
  readonly meta: M;
}

/**
 * What a mount runs for every request under its prefix: `route` is the matched route (params
 * are on `ctx.params`), or `undefined` for a path or method under the prefix that no route
 * serves, so the mount answers it in its own error shape instead of falling through.
 */
export type Around<M> = (ctx: RouteContext, route: MountedRoute<M> | undefined) => Promise<void>;

/**
 * Routes that share a prefix and a pipeline. Each `add` registers one entry in the router's
 * table (there is no second matcher); `routes` lists them with their metadata.
 */
export class Mount<M> {
  readonly routes: MountedRoute<M>[] = [];

  constructor(
    private readonly router: Router,
    readonly prefix: string,
    private readonly around: Around<M>,
  ) {}

  add(method: Method, path: string, meta: M): this {
    const route: MountedRoute<M> = { method, path, meta };
    this.routes.push(route);
    this.router.add(method, `${this.prefix}/${path}`, (ctx) => this.around(ctx, route));
    return this;
  }

  /** Whether a request path lies under this mount's prefix. */
  covers(path: string): boolean {
    return path === this.prefix || path.startsWith(`${this.prefix}/`);
  }

  /** Runs the pipeline for a path under the prefix that no route serves. */
  unmatched(ctx: RouteContext): Promise<void> {
    return this.around(ctx, undefined);
  }
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
 * An oversized body is still read (and dropped) up to this many bytes before the 413, so the
 * client gets its answer on an intact keep-alive connection instead of a reset; past it the
 * connection is abandoned.
 */
const DRAIN_LIMIT = 16 * ONE_MB;

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
    if (size > DRAIN_LIMIT) break;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new BodyError(413, 'Payload too large');
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
  private readonly mounts: Mount<unknown>[] = [];

  add(method: Method, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern, segments: pattern.split('/'), handler });
    return this;
  }

  /**
   * Mounts a group of routes under `prefix` (no trailing slash): every request under it runs
   * `around`, matched or not, so unknown paths below the prefix never reach oidc-provider.
   */
  mount<M>(prefix: string, around: Around<M>): Mount<M> {
    const mount = new Mount<M>(this, prefix, around);
    this.mounts.push(mount as Mount<unknown>);
    return mount;
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

  /**
   * Finds the route for a method and path; `pattern` is the matched route's pattern and
   * `allowed` lists the methods matching the path alone.
   */
  match(
    method: string,
    path: string,
  ): { handler?: Handler; pattern?: string; params: Record<string, string>; allowed: Method[] } {
    const parts = path.split('/');
    const allowed: Method[] = [];
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts, { emptyParams: false });
      if (!params) continue;
      allowed.push(r.method);
      if (r.method === method) return { handler: r.handler, pattern: r.pattern, params, allowed };
    }
    return { params: {}, allowed };
  }

  middleware(): Middleware {
    return async (ctx: Context, next: Next) => {
      const found = this.match(ctx.method, ctx.path);
      const routed = ctx as RouteContext;
      if (found.handler) {
        routed.params = found.params;
        await found.handler(routed);
        return;
      }
      const mount = this.mounts.find((m) => m.covers(ctx.path));
      if (mount) {
        routed.params = {};
        await mount.unmatched(routed);
        return;
      }
      await next();
    };
  }
}

/** Query string value as a single string (first one wins), or undefined. */
export function queryParam(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}
