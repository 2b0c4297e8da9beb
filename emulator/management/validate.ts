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

export type FieldType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array';

export interface FieldSpec {
  type: FieldType;
  nullable?: boolean;
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  items?: FieldSpec;
}

export interface ObjectSpec {
  required?: readonly string[];
  properties: Record<string, FieldSpec>;
  /** Minimum number of properties (PATCH bodies must change something). */
  minProperties?: number;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const payloadError = (detail: string, property?: string) =>
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
    if (spec.minLength !== undefined && value.length < spec.minLength) {
      throw payloadError(
        `String is too short (${value.length} chars), minimum ${spec.minLength}`,
        path,
      );
    }
    if (spec.maxLength !== undefined && value.length > spec.maxLength) {
      throw payloadError(
        `String is too long (${value.length} chars), maximum ${spec.maxLength}`,
        path,
      );
    }
  }
  if (Array.isArray(value)) {
    if (spec.maxItems !== undefined && value.length > spec.maxItems) {
      throw payloadError(`Array is too long (${value.length}), maximum ${spec.maxItems}`, path);
    }
    if (spec.items)
      value.forEach((item, i) => checkField(item, spec.items as FieldSpec, `${path}[${i}]`));
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

/** Validates a value that must be a JSON array (e.g. `PUT /guardian/policies`). */
export function validateArray(body: unknown, items: FieldSpec): unknown[] {
  checkField(body, { type: 'array', items }, 'body');
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

const queryError = (detail: string, property: string) =>
  badRequest(
    `Query validation error: '${detail}' on property ${property}.`,
    'invalid_query_string',
  );

/** Reads a query value that must be a non-negative integer within `max`. */
export function intParam(
  raw: string | undefined,
  name: string,
  fallback: number,
  max?: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw queryError(`Expected type integer but found type string`, name);
  const n = Number(raw);
  if (max !== undefined && n > max)
    throw queryError(`Value ${n} is greater than maximum ${max}`, name);
  return n;
}

/** Reads a query value that must be `true` or `false`. */
export function boolParam(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw queryError(`Expected type boolean but found type string`, name);
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
