/**
 * @module emulator/management/api
 * The Management API route table: each route declares its method, path under `/api/v2`, the
 * scopes that allow it (any of) and, for writes, the description its `sapi` log carries.
 */
import type { Context } from 'koa';
import type { EmulatorContext } from '../context.ts';
import { matchSegments, queryParam } from '../http/router.ts';
import type { Principal } from './auth.ts';
import { readJsonBody } from './validate.ts';

export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One Management API request, after routing, authentication and scope checks. */
export interface ApiRequest {
  readonly context: EmulatorContext;
  readonly ctx: Context;
  readonly params: Record<string, string>;
  readonly principal: Principal;
  /** A query value (first one wins), or undefined. */
  query(name: string): string | undefined;
  /** The parsed JSON body (undefined when empty); read once, cached. */
  body(): Promise<unknown>;
}

export interface ApiResult {
  status?: number;
  body?: unknown;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiResult> | ApiResult;

export interface ApiRoute {
  method: ApiMethod;
  /** Path segments after `/api/v2`, `:name` for parameters. */
  segments: string[];
  scopes: readonly string[];
  /** `sapi` description for writes (Auth0 uses the endpoint's title). */
  description?: string;
  handler: ApiHandler;
}

export class ApiRoutes {
  readonly routes: ApiRoute[] = [];

  add(
    method: ApiMethod,
    path: string,
    scopes: readonly string[],
    handler: ApiHandler,
    description?: string,
  ): this {
    this.routes.push({
      method,
      segments: path.split('/').filter(Boolean),
      scopes,
      handler,
      ...(description ? { description } : {}),
    });
    return this;
  }

  /** Finds the route for a method and a path below `/api/v2` (already split, still encoded). */
  match(
    method: string,
    parts: string[],
  ): { route?: ApiRoute; params: Record<string, string>; pathKnown: boolean } {
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts, { emptyParams: true });
      if (!params) continue;
      pathKnown = true;
      if (route.method === method) return { route, params, pathKnown };
    }
    return { params: {}, pathKnown };
  }
}

export function apiRequest(
  context: EmulatorContext,
  ctx: Context,
  params: Record<string, string>,
  principal: Principal,
): ApiRequest {
  let cached: Promise<unknown> | undefined;
  return {
    context,
    ctx,
    params,
    principal,
    query: (name) => queryParam(ctx, name),
    body: () => (cached ??= readJsonBody(ctx)),
  };
}
