/**
 * @module emulator/testing/authorize-request
 * A raw `GET /authorize` as a browser sends it (asking for HTML, not following redirects), for
 * the tests that must see the tenant's own answer: the redirect to Universal Login or the error
 * page (https://auth0.com/docs/api/authentication#authorization-code-flow).
 */
import type { Emulator } from '../app.ts';

/** `GET /authorize?{params}`; the status, the `Location` header and the body's text. */
export async function getAuthorize(
  emulator: Emulator,
  params: Record<string, string>,
): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(`${emulator.origin}/authorize?${new URLSearchParams(params)}`, {
    headers: { accept: 'text/html' },
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}
