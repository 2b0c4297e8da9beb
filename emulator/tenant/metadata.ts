/**
 * @module emulator/tenant/metadata
 * Bounds on `app_metadata` / `user_metadata`, from
 * https://auth0.com/docs/manage-users/user-accounts/metadata/metadata-fields-data:
 * - "Field names must not contain the . (dot) or $ (dollar sign) characters";
 * - fields that "may not be stored in the `app_metadata` field" (`blocked`, `clientID`, …);
 * - "`app_metadata` and `user_metadata` are limited to a size of 16 MB each";
 * plus a nesting bound (`MAX_FREEFORM_DEPTH`, json-depth.ts), which Auth0 does not
 * document (unconfirmed on live). The check is iterative: a hostile value costs a loop, never
 * the call stack. The error wordings are unconfirmed on live.
 */
import { badRequest } from '../http/errors.ts';
import { MAX_FREEFORM_DEPTH, nestsDeeperThan } from './json-depth.ts';

/** "The following fields may not be stored in the `app_metadata` field" (same page). */
export const APP_METADATA_RESERVED = [
  'blocked',
  'clientID',
  'created_at',
  'email',
  'email_verified',
  'global_client_id',
  'globalClientID',
  'identities',
  'lastIP',
  'lastLogin',
  'metadata',
  'user_id',
  'loginsCount',
] as const;

/** 16 MB per metadata object, measured as its JSON text. */
export const METADATA_MAX_BYTES = 16 * 1024 * 1024;

const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s);
const invalid = (detail: string, property: string) =>
  badRequest(`Payload validation error: '${detail}' on property ${property}.`);

/**
 * Checks one metadata object (absent is fine).
 * @param property `app_metadata` or `user_metadata`, named in the error.
 * @throws ManagementApiError 400 `invalid_body`.
 */
export function checkMetadata(value: unknown, property: 'app_metadata' | 'user_metadata'): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('Expected type object but found type array', property);
  if (nestsDeeperThan(value, MAX_FREEFORM_DEPTH))
    throw invalid(`Object is nested too deeply (more than ${MAX_FREEFORM_DEPTH} levels)`, property);
  if (property === 'app_metadata') {
    const reserved = Object.keys(value).find((k) =>
      (APP_METADATA_RESERVED as readonly string[]).includes(k),
    );
    if (reserved !== undefined)
      throw invalid(`Field may not be stored in app_metadata: ${reserved}`, property);
  }
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (!Array.isArray(v) && /[.$]/.test(key))
        throw invalid(`Field names must not contain "." or "$": ${clip(key)}`, property);
      stack.push(child);
    }
  }
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES)
    throw invalid(`Metadata is larger than ${METADATA_MAX_BYTES} bytes`, property);
}
