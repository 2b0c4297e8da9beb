/**
 * @module emulator/bench/http-login
 * One OAuth 2.0 authorization-code login (RFC 6749 §4.1 with PKCE, RFC 7636) driven over HTTP
 * the way a browser without JavaScript drives it: `GET /authorize`, every redirect followed by
 * hand with the cookies the server set, the first HTML form filled (hidden fields kept, the
 * identifier and the password typed, the button `name=action value=default` pressed, as Auth0's
 * login screen has it) and posted, until the application's callback; then the code is exchanged
 * at the token endpoint. The same driver logs in through the embedded tenant and through the
 * bare oidc-provider floor (bare-provider.ts), so the two differ only in the server.
 *
 * Each request is timed and labelled by its method and the path with ids removed, which is the
 * per-request profile of `npm run bench`.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Where to log in and as whom. */
export interface LoginTarget {
  /** The `/authorize` endpoint (absolute). */
  authorizeUrl: string;
  /** The token endpoint (absolute). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  email: string;
  password: string;
}

/** One request of a login: `GET /authorize`, `POST /u/login`, … and its milliseconds. */
export interface TimedRequest {
  label: string;
  ms: number;
}

export class HttpLoginError extends Error {
  override name = 'HttpLoginError';
}

const MAX_REQUESTS = 20;

/** Logs in once; resolves with every request's time, throws `HttpLoginError` on any refusal. */
export async function httpLogin(target: LoginTarget): Promise<TimedRequest[]> {
  const jar = new Map<string, string>();
  const timed: TimedRequest[] = [];
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(target.authorizeUrl);
  authorize.search = new URLSearchParams({
    client_id: target.clientId,
    response_type: 'code',
    redirect_uri: target.redirectUri,
    scope: 'openid profile email',
    state: randomBytes(8).toString('base64url'),
    nonce: randomBytes(8).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  let url = authorize.href;
  let form: URLSearchParams | undefined;
  for (let n = 0; n < MAX_REQUESTS; n++) {
    const method = form ? 'POST' : 'GET';
    const started = performance.now();
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    const text = await res.text();
    timed.push({ label: `${method} ${labelOf(url)}`, ms: performance.now() - started });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    form = undefined;
    if (location && res.status >= 300 && res.status < 400) {
      url = new URL(location, url).href;
      if (url.startsWith(target.redirectUri))
        return [...timed, ...(await exchange(target, url, verifier))];
      continue;
    }
    if (res.status !== 200)
      throw new HttpLoginError(`${method} ${labelOf(url)} answered ${res.status}`);
    const filled = fillFirstForm(text, url, target);
    if (!filled) throw new HttpLoginError(`${method} ${labelOf(url)} showed no form to fill`);
    ({ url, form } = filled);
  }
  throw new HttpLoginError(`no callback after ${MAX_REQUESTS} requests`);
}

async function exchange(target: LoginTarget, callback: string, verifier: string) {
  const code = new URL(callback).searchParams.get('code');
  if (!code) throw new HttpLoginError(`the callback carried no code: ${labelOf(callback)}`);
  const started = performance.now();
  const res = await fetch(target.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: target.redirectUri,
      client_id: target.clientId,
      client_secret: target.clientSecret,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await res.json()) as { id_token?: unknown };
  const timed = { label: `POST ${labelOf(target.tokenUrl)}`, ms: performance.now() - started };
  if (res.status !== 200 || typeof body.id_token !== 'string') {
    throw new HttpLoginError(`the token endpoint answered ${res.status} without an ID token`);
  }
  return [timed];
}

/** The first form of a page with what a user types into it, or undefined. */
function fillFirstForm(
  html: string,
  pageUrl: string,
  target: LoginTarget,
): { url: string; form: URLSearchParams } | undefined {
  const formTag = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!formTag) return undefined;
  const action = attr(formTag[0], 'action') ?? '';
  const form = new URLSearchParams();
  for (const input of formTag[1]?.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (!name) continue;
    const type = (attr(input, 'type') ?? 'text').toLowerCase();
    if (name === 'password') form.set(name, target.password);
    else if (name === 'username' || name === 'email') form.set(name, target.email);
    else if (type === 'hidden') form.set(name, decode(attr(input, 'value') ?? ''));
  }
  const button = /<button\b[^>]*\bname="action"[^>]*\bvalue="default"[^>]*>/i.exec(
    formTag[1] ?? '',
  );
  if (button) form.set('action', 'default');
  return { url: new URL(decode(action), pageUrl).href, form };
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<');

/** `GET /authorize/{id}` for `/authorize/6DXmcO02DoJm0fSANAIrs`: the path without its ids. */
export function labelOf(url: string): string {
  const { pathname } = new URL(url);
  return pathname.replace(/\/[A-Za-z0-9_-]{16,}(?=\/|$)/g, '/{id}');
}
