/**
 * @module emulator/management/serialize
 * Public JSON shapes of tenant records, as the auth0@7.1.0 SDK types them
 * (GetActionResponseContent, ActionVersion, ActionBinding, UserAuthenticationMethod,
 * UsersEnrollment, Log). Secrets, password hashes and factor secrets never appear.
 */
import type {
  ActionRecord,
  ActionSecret,
  ActionVersionRecord,
  Authenticator,
  BindingRecord,
} from '../tenant/store.ts';
import type { LogEvent } from '../tenant/logs.ts';

/** Secrets are write-only: names and update times only. */
export function serializeSecrets(secrets: ActionSecret[]): { name: string; updated_at: string }[] {
  return secrets.map((s) => ({ name: s.name, updated_at: s.updated_at }));
}

function actionBase(a: ActionRecord) {
  return {
    id: a.id,
    name: a.name,
    supported_triggers: structuredClone(a.supported_triggers),
    all_changes_deployed: a.all_changes_deployed,
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}

export function serializeVersion(v: ActionVersionRecord, a: ActionRecord): Record<string, unknown> {
  return {
    id: v.id,
    action_id: v.action_id,
    code: v.code,
    dependencies: structuredClone(v.dependencies),
    deployed: v.deployed,
    runtime: v.runtime,
    secrets: serializeSecrets(v.secrets),
    status: v.status,
    number: v.number,
    errors: [],
    action: actionBase(a),
    ...(v.built_at ? { built_at: v.built_at } : {}),
    created_at: v.created_at,
    updated_at: v.updated_at,
    supported_triggers: structuredClone(a.supported_triggers),
  };
}

export function serializeAction(a: ActionRecord): Record<string, unknown> {
  const deployed = a.versions.find((v) => v.id === a.deployed_version_id);
  return {
    ...actionBase(a),
    code: a.code,
    dependencies: structuredClone(a.dependencies),
    runtime: a.runtime,
    secrets: serializeSecrets(a.secrets),
    ...(deployed ? { deployed_version: serializeVersion(deployed, a) } : {}),
    status: a.status,
    ...(a.built_at ? { built_at: a.built_at } : {}),
  };
}

export function serializeBinding(b: BindingRecord, a: ActionRecord): Record<string, unknown> {
  return {
    id: b.id,
    trigger_id: b.trigger_id,
    display_name: b.display_name,
    action: serializeAction(a),
    created_at: b.created_at,
    updated_at: b.updated_at,
  };
}

/**
 * Authentication-methods API shape: the API says `totp` where Guardian and Actions say `otp`
 * (auth0-behaviour.md §3.2). `rpId` is the tenant domain's host (WebAuthn RP ID).
 */
export function serializeAuthenticationMethod(
  a: Authenticator,
  rpId: string,
): Record<string, unknown> {
  const common = {
    id: a.id,
    confirmed: a.confirmed,
    created_at: a.created_at,
    ...(a.confirmed ? { enrolled_at: a.created_at } : {}),
    ...(a.last_auth_at ? { last_auth_at: a.last_auth_at } : {}),
  };
  if (a.type === 'otp') return { ...common, type: 'totp' };
  // `recovery-code` is an authentication-method type (auth0-behaviour.md §3.2); only the type.
  if (a.type === 'recovery-code') return { ...common, type: 'recovery-code' };
  return {
    ...common,
    type: 'webauthn-platform',
    name: a.name,
    key_id: a.credentialId,
    public_key: a.publicKey,
    relying_party_identifier: rpId,
    credential_device_type: 'single_device',
    credential_backed_up: false,
    ...(a.transports.length > 0 ? { transports: [...a.transports] } : {}),
  };
}

/**
 * Guardian enrollment shape (GET /api/v2/users/{id}/enrollments): `auth_method` is
 * `authenticator` for OTP apps; ids are the `dev_…` part of the authenticator id.
 */
export function serializeEnrollment(a: Authenticator): Record<string, unknown> {
  const id = a.id.split('|')[1] ?? a.id;
  return {
    id,
    status: a.confirmed ? 'confirmed' : 'pending',
    ...(a.type === 'otp'
      ? { type: 'authenticator', auth_method: 'authenticator' }
      : a.type === 'recovery-code'
        ? // Never the first confirmed enrollment (it is issued with one); shape unconfirmed.
          { type: 'recovery-code', auth_method: 'recovery-code' }
        : { type: 'webauthn-platform', auth_method: 'webauthn-platform', name: a.name }),
    enrolled_at: a.created_at,
    ...(a.last_auth_at ? { last_auth: a.last_auth_at } : {}),
  };
}

/** Log as /api/v2/logs returns it: the emulator-only `transaction_id` is not public. */
export function serializeLog(e: LogEvent): Record<string, unknown> {
  const out: Partial<LogEvent> = structuredClone(e);
  delete out.transaction_id;
  return out;
}
