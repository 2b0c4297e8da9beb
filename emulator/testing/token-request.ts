/**
 * @module emulator/testing/token-request
 * Raw `POST /oauth/token` requests, form-encoded as Auth0's SDKs send them
 * (https://auth0.com/docs/api/authentication#get-token), for what a test must see on the wire
 * rather than through openid-client.
 */
import type { Emulator } from '../app.ts';

/** `POST /oauth/token` with a raw `body` of `contentType` (a JSON body, a bad charset…), plus `headers`. */
export function postTokenBody(
  emulator: Emulator,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${emulator.origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
}

/** `POST /oauth/token` with `form` as `application/x-www-form-urlencoded`, plus `headers`. */
export function postToken(
  emulator: Emulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams(form).toString();
  return postTokenBody(emulator, body, 'application/x-www-form-urlencoded', headers);
}

/** `postToken`'s status and JSON body. */
export async function tokenJson(
  emulator: Emulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await postToken(emulator, form, headers);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
