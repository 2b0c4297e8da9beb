/**
 * @module emulator/testing/log-schema
 * Auth0's per-type log event schemas (a verbatim copy of shared/docs/auth0-log-schemas.json, a
 * subset of https://auth0.com/docs/oas/tenant-logs/logs-schema.json in its OpenAPI 3.1 form) compiled
 * with ajv's JSON Schema 2020-12 dialect, and the tenant's logs read the way a customer reads
 * them: `GET /api/v2/logs` through the unmodified auth0 SDK.
 */
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ManagementClient } from 'auth0';
import type { Emulator } from '../app.ts';
import { expect } from './fixtures.ts';

/** The vendored schema document; the conformance test checks it against the shared copy. */
export const SCHEMA_FILE = new URL('../conformance/auth0-log-schemas.json', import.meta.url);

interface SchemaDocument {
  components: { schemas: Record<string, Record<string, unknown>> };
}

/**
 * Schemas of log types the shared subset lacks (today `limit_wc`), copied from the same
 * published Auth0 document; merged in by `allSchemas()`.
 */
export const SUPPLEMENT_FILE = new URL(
  '../conformance/auth0-log-schemas.supplement.json',
  import.meta.url,
);

export function loadSchemaDocument(file: URL | string = SCHEMA_FILE): SchemaDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as SchemaDocument;
}

/** The vendored subset plus the supplement: every type the emulator may emit. */
export function allSchemas(): SchemaDocument {
  const base = loadSchemaDocument();
  const extra = loadSchemaDocument(SUPPLEMENT_FILE);
  return { components: { schemas: { ...base.components.schemas, ...extra.components.schemas } } };
}

// ajv is CommonJS: its module object is the class, typed as a namespace with `default`.
const Ajv2020 = Ajv2020Module.default;

/** A public log event, as the Management API returns it. */
export type PublicLog = Record<string, unknown> & { type?: string; log_id?: string };

export interface LogValidator {
  /** Type codes that have a schema. */
  readonly types: readonly string[];
  /** `undefined` when the event validates; otherwise readable errors (no schema = an error). */
  check(event: PublicLog): string[] | undefined;
}

/**
 * Compiles every `components.schemas[typeCode]`. `ipv4`/`ipv6` are the only formats the
 * schemas use; ajv-formats is not installed, so they are registered with node:net's checks.
 * Strict mode stays on, except that OpenAPI's annotation keywords are declared as such.
 */
export function logValidator(doc: SchemaDocument = allSchemas()): LogValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  ajv.addFormat('ipv4', (s: string) => isIPv4(s));
  ajv.addFormat('ipv6', (s: string) => isIPv6(s));
  const compiled = new Map<string, ValidateFunction>();
  for (const [type, schema] of Object.entries(doc.components.schemas)) {
    compiled.set(type, ajv.compile(schema));
  }
  const describe = (e: ErrorObject) =>
    `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`;
  return {
    types: [...compiled.keys()],
    check(event) {
      const validate = typeof event.type === 'string' ? compiled.get(event.type) : undefined;
      if (!validate) return [`no schema for type ${JSON.stringify(event.type)}`];
      return validate(event) ? undefined : (validate.errors ?? []).map(describe);
    },
  };
}

/**
 * Every log event of the tenant through the SDK, oldest first (`sort=date:1`, 100 a page).
 * The API pages through the first 1000 events only (log search limits), so a tenant with more
 * is refused rather than silently half-read.
 */
export async function allLogsThroughSdk(mgmt: ManagementClient): Promise<PublicLog[]> {
  const out: PublicLog[] = [];
  for (let page = 0; page < 10; page++) {
    const res = await mgmt.logs.list({ page, per_page: 100, sort: 'date:1', include_totals: true });
    const data = res.data as unknown as PublicLog[];
    out.push(...data);
    const total = (res.response as { total?: number }).total ?? 0;
    if (total > 1000) throw new Error(`${total} log events: more than the API pages through`);
    if (out.length >= total || data.length === 0) break;
  }
  return out;
}

/**
 * Reads every event back through the SDK and expects each to validate against its type's
 * schema, with no emulator-only field (`transaction_id`) on the public event.
 * @returns the events, oldest first.
 */
export async function validateAllLogs(
  emulator: Emulator,
  mgmt: ManagementClient,
): Promise<PublicLog[]> {
  const validator = logValidator();
  const events = await allLogsThroughSdk(mgmt);
  expect(events.map((e) => e.log_id)).toEqual(
    emulator.context.tenant.logs.all().map((e) => e.log_id),
  );
  const failures = events
    .map((event) => ({ errors: validator.check(event), event }))
    .filter((f) => f.errors);
  expect(failures, JSON.stringify(failures, null, 2)).toEqual([]);
  for (const e of events) expect(e).not.toHaveProperty('transaction_id');
  return events;
}
