/**
 * @module emulator/management/api
 * What a Management API route declares when it registers on the router's `/api/v2` mount
 * (management/routes.ts): the scopes that allow it (any of), the query parameters it accepts,
 * its path-parameter enums, its body, the description its `sapi` log carries, and its handler.
 * The pipeline checks all of it before the handler runs, so a handler reads validated input.
 */
import type { Context } from 'koa';
import type { EmulatorContext } from '../context.ts';
import type { Method, Mount } from '../http/router.ts';
import type { Principal } from './auth.ts';
import type { QuerySpec, ValidQuery } from './query.ts';
import type { BodySpec, FieldSpec } from './validate.ts';

export type ApiMethod = Method;

/** One Management API request, after routing, authentication, scope and input validation. */
export interface ApiRequest {
  readonly context: EmulatorContext;
  readonly ctx: Context;
  readonly params: Record<string, string>;
  readonly principal: Principal;
  /** The query, validated against the route's `query` spec. */
  readonly query: ValidQuery;
  /**
   * The JSON body, validated against the route's `body` spec (`{}` when the route takes none
   * or an optional one was absent); `undefined` on reads.
   */
  readonly body: unknown;
}

export interface ApiResult {
  status?: number;
  body?: unknown;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiResult> | ApiResult;

/** A Management API route's metadata (its method and path are the mount's). */
export interface ApiRoute {
  /** Any one of these scopes allows the call (Auth0's per-endpoint "Scopes"). */
  scopes: readonly string[];
  /** The query parameters accepted; omitted = none. */
  query?: QuerySpec;
  /** Enum constraints on path parameters (hapi validates params before query and payload). */
  params?: Readonly<Record<string, FieldSpec>>;
  /** The body of a write; omitted on a write = none (empty, or `{}`). Never read on GET. */
  body?: BodySpec;
  /** `sapi` description for writes (Auth0 uses the endpoint's title). */
  description?: string;
  handler: ApiHandler;
}

/** The `/api/v2` mount resources register on. */
export type ApiMount = Mount<ApiRoute>;
