/**
 * @module emulator/testing/management-client
 * For the Management API's own tests: the UNMODIFIED auth0 v7 `ManagementClient`, pointed at
 * an in-process emulator by a `fetch` that rewrites `https://{domain}` to its http origin
 * (auth0-behaviour.md §4.3), plus raw-HTTP helpers for what the SDK cannot send.
 */
import { ManagementClient } from 'auth0';
import type { Emulator } from '../app.ts';
import { postToken } from './token-request.ts';

/** A `fetch` that sends `https://{domain}/…` to the emulator's `http://localhost:PORT/…`. */
export function emulatorFetch(emulator: Emulator): typeof fetch {
  const from = `https://${emulator.context.domain}`;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(url.startsWith(from) ? emulator.origin + url.slice(from.length) : url, init);
  };
}

/**
 * The SDK with the seeded M2M credentials; `token` replaces the client-credentials exchange.
 * Like any well-behaved Auth0 client it retries a 429 after `Retry-After` (the SDK's default of
 * 2 retries): test files share a worker's tenant and its rate-limit bucket, and a burst of
 * requests from several files is answered with 429s exactly as Auth0 would. Tests about rate
 * limiting pass `maxRetries: 0` to see the 429 itself.
 */
export function managementClient(
  emulator: Emulator,
  options: { token?: string; maxRetries?: number } = {},
) {
  const { clientId, clientSecret } = emulator.context.config.mgmt;
  const common = {
    domain: emulator.context.domain,
    fetch: emulatorFetch(emulator),
    maxRetries: options.maxRetries ?? 2,
  };
  return options.token !== undefined
    ? new ManagementClient({ ...common, token: options.token })
    : new ManagementClient({ ...common, clientId, clientSecret });
}

/** A Management API token from `/oauth/token`; `scope` narrows the granted scopes. */
export async function managementToken(emulator: Emulator, scope?: string): Promise<string> {
  const { clientId, clientSecret } = emulator.context.config.mgmt;
  const res = await postToken(emulator, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    audience: emulator.context.managementAudience,
    ...(scope !== undefined ? { scope } : {}),
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Raw call to `/api/v2{path}` with a JSON body (or a raw string body and content type). */
export async function api(
  emulator: Emulator,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; body?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = options.body;
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const res = await fetch(`${emulator.origin}/api/v2${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** A unique, valid email for one test. */
export function uniqueEmail(tag: string): string {
  return `${tag}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** A password that satisfies Auth0's default "good" policy. */
export const GOOD_PASSWORD = 'Corr3ct-Horse-Battery';
