/**
 * @module emulator/management/query
 * Query-string validation for the Management API. Every route declares the parameters it
 * accepts, with their types (names from the auth0@7.1.0 SDK's request types,
 * `requests.d.ts`, and Auth0's per-endpoint docs, https://auth0.com/docs/api/management/v2);
 * Auth0 validates the query against that schema and refuses the rest with 400
 * `Query validation error: 'Additional properties not allowed: <name>'.`, errorCode
 * `invalid_query_string` (auth0-behaviour.md §3.4). Ill-typed values are refused naming the
 * property, in the messages of Auth0's JSON-schema validator (as in validate.ts).
 */
import { badRequest } from '../http/errors.ts';
import { lengthProblem } from './validate.ts';

export type QueryParamSpec =
  | {
      type: 'string';
      enum?: readonly string[];
      pattern?: RegExp;
      minLength?: number;
      maxLength?: number;
      /** Required parameters (e.g. `users-by-email?email=`). */
      required?: boolean;
      /** Repeated parameters form an array (`strategy=auth0&strategy=google-oauth2`). */
      repeatable?: boolean;
    }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'boolean' };

/** The parameters one route accepts; anything else is refused. */
export type QuerySpec = Readonly<Record<string, QueryParamSpec>>;

/** A validated query: typed readers over parameters already checked against the spec. */
export interface ValidQuery {
  /** A string parameter (the first value of a repeatable one), or undefined. */
  string(name: string): string | undefined;
  /** Every value of a repeatable parameter. */
  all(name: string): string[];
  int(name: string, fallback: number): number;
  bool(name: string, fallback: boolean): boolean;
  /** Whether the parameter was sent at all. */
  has(name: string): boolean;
}

export const queryError = (detail: string, property?: string) =>
  badRequest(
    `Query validation error: '${detail}'${property ? ` on property ${property}` : ''}.`,
    'invalid_query_string',
  );

/** Long input is cut in error messages (they echo it back). */
const clip = (s: string, max = 100) => (s.length > max ? `${s.slice(0, max)}…` : s);

function checkValue(name: string, value: string, spec: QueryParamSpec): void {
  switch (spec.type) {
    case 'integer': {
      if (!/^-?\d{1,15}$/.test(value))
        throw queryError('Expected type integer but found type string', name);
      const n = Number(value);
      if (spec.min !== undefined && n < spec.min)
        throw queryError(`Value ${n} is less than minimum ${spec.min}`, name);
      if (spec.max !== undefined && n > spec.max)
        throw queryError(`Value ${n} is greater than maximum ${spec.max}`, name);
      return;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false')
        throw queryError('Expected type boolean but found type string', name);
      return;
    case 'string':
      const length = lengthProblem(value, spec);
      if (length) throw queryError(length, name);
      if (spec.enum && !spec.enum.includes(value))
        throw queryError(`No enum match for: "${clip(value)}"`, name);
      if (spec.pattern && !spec.pattern.test(value))
        throw queryError('String does not match pattern', name);
      return;
  }
}

/**
 * Validates a raw query string (`ctx.querystring`) against a route's spec.
 * Order: unknown parameters, then required ones, then each value's type.
 * @throws ManagementApiError 400 `invalid_query_string`.
 */
export function validateQuery(raw: string, spec: QuerySpec): ValidQuery {
  const params = new URLSearchParams(raw);
  const values = new Map<string, string[]>();
  for (const [name, value] of params) {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  const extra = [...values.keys()].filter((k) => !Object.hasOwn(spec, k));
  if (extra.length > 0)
    throw queryError(`Additional properties not allowed: ${extra.map((e) => clip(e)).join(',')}`);
  for (const [name, s] of Object.entries(spec)) {
    if (s.type === 'string' && s.required && !values.has(name))
      throw queryError(`Missing required property: ${name}`);
  }
  for (const [name, list] of values) {
    const s = spec[name] as QueryParamSpec;
    const repeatable = s.type === 'string' && s.repeatable === true;
    if (list.length > 1 && !repeatable)
      throw queryError(`Expected type ${s.type} but found type array`, name);
    for (const v of list) checkValue(name, v, s);
  }
  const first = (name: string) => values.get(name)?.[0];
  return {
    string: first,
    all: (name) => [...(values.get(name) ?? [])],
    int: (name, fallback) => {
      const v = first(name);
      return v === undefined ? fallback : Number(v);
    },
    bool: (name, fallback) => {
      const v = first(name);
      return v === undefined ? fallback : v === 'true';
    },
    has: (name) => values.has(name),
  };
}

/** Shared parameter specs. */
export const Q = {
  page: { type: 'integer', min: 0 },
  /** "Number of results per page", max 100 on every list the emulator serves. */
  perPage: { type: 'integer', min: 0, max: 100 },
  bool: { type: 'boolean' },
  string: { type: 'string' },
  /** `field:1` / `field:-1` (Auth0's `sort` pattern). */
  sort: { type: 'string', pattern: /^[\w.]+:-?1$/ },
} as const satisfies Record<string, QueryParamSpec>;

/** `fields` + `include_fields`, accepted by most reads. */
export const FIELDS_QUERY = { fields: Q.string, include_fields: Q.bool } as const;
