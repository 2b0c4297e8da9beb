/**
 * @module emulator/management/validate
 * Payload and query validation with the messages of Auth0's JSON-schema validator
 * (`Payload validation error: '…' on property x.`, errorCode `invalid_body`;
 * `Query validation error: …`, errorCode `invalid_query_string`). Handlers validate the whole
 * request before they change any state.
 */
import type { Context } from 'koa';
import { BodyError, readBody } from '../http/router.ts';
import { badRequest, ManagementApiError } from '../http/errors.ts';
import { MAX_FREEFORM_DEPTH, nestsDeeperThan } from '../tenant/json-depth.ts';

export type FieldType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array';

export interface FieldSpec {
  type: FieldType;
  nullable?: boolean;
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  items?: FieldSpec;
  /** Bounds of an `integer` / `number`. */
  minimum?: number;
  maximum?: number;
  /** A string's pattern (Auth0's "String does not match pattern"). */
  pattern?: RegExp;
  /**
   * The properties of an `object` Auth0's schema describes: anything else is refused
   * ("Additional properties not allowed"), unless `additionalProperties` is true (the schema
   * allows them, as for `jwt_configuration`).
   */
  properties?: Record<string, FieldSpec>;
  required?: readonly string[];
  additionalProperties?: boolean;
  /** An `object` whose every value has this spec (a map, e.g. `client_metadata`). */
  values?: FieldSpec;
  maxProperties?: number;
  /**
   * Nesting bound of a free-form `object` / `array` (one without `items`), counting the value
   * itself as level 1; defaults to `MAX_FREEFORM_DEPTH`.
   */
  maxDepth?: number;
}

export interface ObjectSpec {
  required?: readonly string[];
  properties: Record<string, FieldSpec>;
  /** Minimum number of properties (PATCH bodies must change something). */
  minProperties?: number;
}

/**
 * A string's length against its bounds, in the words of Auth0's validation errors for the body
 * and the query alike ("String is too short (0 chars), minimum 1"; auth0-behaviour.md §3.4):
 * the message, or undefined when it fits.
 */
export function lengthProblem(
  value: string,
  spec: { minLength?: number; maxLength?: number },
): string | undefined {
  if (spec.minLength !== undefined && value.length < spec.minLength)
    return `String is too short (${value.length} chars), minimum ${spec.minLength}`;
  if (spec.maxLength !== undefined && value.length > spec.maxLength)
    return `String is too long (${value.length} chars), maximum ${spec.maxLength}`;
  return undefined;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export const payloadError = (detail: string, property?: string) =>
  badRequest(`Payload validation error: '${detail}'${property ? ` on property ${property}` : ''}.`);

function checkField(value: unknown, spec: FieldSpec, path: string): void {
  const actual = typeOf(value);
  if (actual === 'null') {
    if (spec.nullable) return;
    throw payloadError(`Expected type ${spec.type} but found type null`, path);
  }
  const typeOk = actual === spec.type || (spec.type === 'number' && actual === 'integer');
  if (!typeOk) throw payloadError(`Expected type ${spec.type} but found type ${actual}`, path);
  if (typeof value === 'string') {
    if (spec.enum && !spec.enum.includes(value))
      throw payloadError(`No enum match for: "${value}"`, path);
    const length = lengthProblem(value, spec);
    if (length) throw payloadError(length, path);
    if (spec.pattern && !spec.pattern.test(value))
      throw payloadError('String does not match pattern', path);
  }
  if (typeof value === 'number') {
    if (spec.minimum !== undefined && value < spec.minimum)
      throw payloadError(`Value ${value} is less than minimum ${spec.minimum}`, path);
    if (spec.maximum !== undefined && value > spec.maximum)
      throw payloadError(`Value ${value} is greater than maximum ${spec.maximum}`, path);
  }
  if (actual === 'object' && (spec.properties || spec.values)) {
    checkObjectFields(value as Record<string, unknown>, spec, path);
    return;
  }
  if (Array.isArray(value)) {
    if (spec.maxItems !== undefined && value.length > spec.maxItems) {
      throw payloadError(`Array is too long (${value.length}), maximum ${spec.maxItems}`, path);
    }
    if (spec.items)
      value.forEach((item, i) => checkField(item, spec.items as FieldSpec, `${path}[${i}]`));
  }
  if (actual === 'object' || (actual === 'array' && !spec.items)) {
    const max = spec.maxDepth ?? MAX_FREEFORM_DEPTH;
    if (nestsDeeperThan(value, max))
      throw payloadError(`Object is nested too deeply (more than ${max} levels)`, path);
  }
}

/** An object property's path in messages (`jwt_configuration.alg`). */
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/** The inner properties of an `object` field whose schema Auth0 describes. */
function checkObjectFields(record: Record<string, unknown>, spec: FieldSpec, path: string): void {
  const keys = Object.keys(record);
  if (spec.maxProperties !== undefined && keys.length > spec.maxProperties) {
    throw payloadError(
      `Too many properties defined (${keys.length}), maximum ${spec.maxProperties}`,
      path,
    );
  }
  if (spec.properties) {
    const props = spec.properties;
    const extra = keys.filter((k) => !Object.hasOwn(props, k));
    if (extra.length > 0 && !spec.additionalProperties && !spec.values) {
      throw payloadError(`Additional properties not allowed: ${extra.join(',')}`, path);
    }
    for (const name of spec.required ?? []) {
      if (record[name] === undefined)
        throw payloadError(`Missing required property: ${name}`, path);
    }
  }
  for (const [name, value] of Object.entries(record)) {
    const inner =
      spec.properties && Object.hasOwn(spec.properties, name) ? spec.properties[name] : spec.values;
    if (inner) checkField(value, inner, join(path, name));
  }
  if (spec.additionalProperties && nestsDeeperThan(record, spec.maxDepth ?? MAX_FREEFORM_DEPTH)) {
    throw payloadError(
      `Object is nested too deeply (more than ${spec.maxDepth ?? MAX_FREEFORM_DEPTH} levels)`,
      path,
    );
  }
}

/**
 * Checks a parsed body against a flat object schema: no additional properties, required ones
 * present, each property of the declared type.
 * @returns the body, typed as a record, when valid.
 * @throws ManagementApiError 400 `invalid_body`.
 */
export function validateObject(body: unknown, spec: ObjectSpec): Record<string, unknown> {
  const actual = typeOf(body);
  if (actual !== 'object') throw payloadError(`Expected type object but found type ${actual}`);
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !Object.hasOwn(spec.properties, k));
  // Message as the brief records it for Auth0 (no trailing "on property").
  if (extra.length > 0)
    throw badRequest(
      `Payload validation error: 'Additional properties not allowed: ${extra.join(',')}'.`,
    );
  const count = Object.keys(record).length;
  if (spec.minProperties !== undefined && count < spec.minProperties) {
    throw payloadError(`Too few properties defined (${count}), minimum ${spec.minProperties}`);
  }
  for (const name of spec.required ?? []) {
    if (record[name] === undefined) throw payloadError(`Missing required property: ${name}`);
  }
  for (const [name, value] of Object.entries(record)) {
    checkField(value, spec.properties[name] as FieldSpec, name);
  }
  return record;
}

/**
 * Validates path parameters against their enums, in hapi/Auth0's wording
 * (`Path validation error: 'No enum match for: "x"' on property name.`, errorCode `invalid_uri`).
 */
export function validateParams(
  params: Record<string, string>,
  specs: Readonly<Record<string, FieldSpec>>,
): void {
  for (const [name, spec] of Object.entries(specs)) {
    const value = params[name];
    if (value !== undefined && spec.enum && !spec.enum.includes(value)) {
      const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
      throw badRequest(
        `Path validation error: 'No enum match for: "${shown}"' on property ${name}.`,
        'invalid_uri',
      );
    }
  }
}

/** Validates a value that must be a JSON array (e.g. `PUT /guardian/policies`). */
export function validateArray(body: unknown, items: FieldSpec, maxItems?: number): unknown[] {
  checkField(
    body,
    { type: 'array', items, ...(maxItems !== undefined ? { maxItems } : {}) },
    'body',
  );
  return body as unknown[];
}

/**
 * Reads the JSON body: "JSON bodies only, max 1 MB" (https://auth0.com/docs/api/management/v2).
 * @throws 400 malformed JSON, 413 over 1 MB, 415 anything that is not `application/json`.
 */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  const length = Number(ctx.get('content-length') || '0');
  const chunked = ctx.get('transfer-encoding') !== '';
  if ((length > 0 || chunked) && !ctx.is('application/json')) {
    throw new ManagementApiError(415, undefined, 'Unsupported Media Type');
  }
  try {
    return await readBody(ctx);
  } catch (err) {
    if (err instanceof BodyError) {
      if (err.status === 413) {
        // hapi's payload limit message (Auth0's API is hapi-based; wording unconfirmed).
        throw new ManagementApiError(
          413,
          undefined,
          'Payload content length greater than maximum allowed: 1048576',
        );
      }
      if (err.status === 415)
        throw new ManagementApiError(415, undefined, 'Unsupported Media Type');
      throw badRequest('Invalid request payload JSON format');
    }
    throw err;
  }
}

/**
 * The body a write route accepts (validated before its handler runs):
 * - `none`: the endpoint documents no body: nothing, or an empty object;
 * - `object`: a JSON object checked by `validateObject` (`optional`: may also be absent);
 * - `array`: a JSON array of `items` (`PUT /guardian/policies`).
 */
export type BodySpec =
  | { kind: 'none' }
  | { kind: 'object'; spec: ObjectSpec; optional?: boolean }
  | { kind: 'array'; items: FieldSpec; maxItems?: number };

export const NO_BODY: BodySpec = { kind: 'none' };

/**
 * Validates a parsed body against a route's `BodySpec`: no additional properties anywhere the
 * spec describes, free-form values bounded in depth.
 * @returns the body (`{}` for an absent optional or `none` body).
 * @throws ManagementApiError 400 `invalid_body`.
 */
export function validateBody(body: unknown, spec: BodySpec): unknown {
  switch (spec.kind) {
    case 'none':
      return body === undefined ? {} : validateObject(body, { properties: {} });
    case 'object':
      return body === undefined && spec.optional ? {} : validateObject(body, spec.spec);
    case 'array':
      return validateArray(body, spec.items, spec.maxItems);
  }
}

/** Applies `fields` / `include_fields` (comma-separated top-level property names). */
export function projectFields<T extends Record<string, unknown>>(
  obj: T,
  fields: string | undefined,
  includeFields: boolean,
): Record<string, unknown> {
  if (!fields) return obj;
  const wanted = new Set(
    fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
  return Object.fromEntries(Object.entries(obj).filter(([k]) => wanted.has(k) === includeFields));
}
