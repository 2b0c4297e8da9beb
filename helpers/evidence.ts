/**
 * @module helpers/evidence
 * The evidence of one login transaction and the decision "was the user challenged for device
 * biometrics?". No single signal decides: the Universal Login screen, the WebAuthn calls seen in
 * the page, the CDP authenticator's assertions and sign counts, the ID token's `amr` and the
 * tenant's log events must agree (landscape.md §2.4), or the verdict is `inconsistent`.
 */

/** Universal Login path of the device-biometrics challenge (auth0-behaviour.md §2.3). */
export const BIOMETRIC_CHALLENGE_PATH = '/u/mfa-webauthn-platform-challenge';
export const BIOMETRIC_ENROLLMENT_PATH = '/u/mfa-webauthn-platform-enrollment';

export type Verdict = 'challenged' | 'not-challenged' | 'inconsistent';

/** One `navigator.credentials.create/get` call reported by the page's init script. */
export interface WebAuthnCall {
  kind: 'create' | 'get';
  outcome: 'pending' | 'resolved' | 'rejected';
  /** Unix ms when the call was made. */
  at: number;
  /** Path of the page that made the call. */
  path: string;
  /** DOMException name when rejected. */
  error?: string;
  /** `mediation` option; `conditional` (passkey autofill) is not a prompt. */
  mediation?: string;
}

/** A CDP `WebAuthn.credentialAdded` / `credentialAsserted` event. */
export interface AuthenticatorEvent {
  kind: 'added' | 'asserted';
  at: number;
  credentialId: string;
  signCount: number;
}

/** A credential as `WebAuthn.getCredentials` reports it, without its private key. */
export interface CredentialSnapshot {
  credentialId: string;
  rpId: string;
  signCount: number;
}

/** The fields of a tenant log event the decision and the report use (`GET /api/v2/logs`). */
export interface TenantLogEvent {
  log_id?: string;
  date: string;
  type: string;
  description?: string;
  /** `details.authenticator.type` of `gd_*` events. */
  authenticatorType?: string;
  /** A one-line digest of the event's `details` the timeline shows (factors, amr, Actions). */
  summary?: string;
}

/**
 * What the Management API said about the user just before a login started: the values a
 * post-login Action and the MFA evaluation read from the start-of-transaction snapshot.
 */
export interface UserBefore {
  /** Unix ms of the reads. */
  at: number;
  /** `false`: no user with the test user's email yet (the login signs up). */
  exists: boolean;
  userId?: string;
  /** `app_metadata.biometrics` (`undefined`: not set). */
  biometrics?: unknown;
  loginsCount?: number;
  /** `type` of every authentication method (`GET /api/v2/users/{id}/authentication-methods`). */
  factors?: string[];
  /** Why the reads failed, if they did. */
  error?: string;
}

/** The post-login Actions bound when the login started, in execution order. */
export interface BoundActions {
  at: number;
  names: string[];
  error?: string;
}

export interface LoginEvidence {
  /** "login 1", "login 2", … */
  label: string;
  startedAt: number;
  endedAt: number;
  /** Universal Login paths the page navigated to, in order (`/u/…`). */
  screens: { path: string; at: number }[];
  webauthnCalls: WebAuthnCall[];
  authenticatorEvents: AuthenticatorEvent[];
  credentialsBefore: CredentialSnapshot[];
  credentialsAfter: CredentialSnapshot[];
  /** The ID token's `amr` claim as rendered by the test app; `null` when absent. */
  amr: string[] | null;
  /** The documented expectation for this login, when the spec declared it. */
  expected?: Exclude<Verdict, 'inconsistent'>;
  userBefore?: UserBefore;
  actionsBound?: BoundActions;
  logs: {
    /** `complete`: the transaction's closing `s` event and the expected events arrived. */
    status: 'complete' | 'incomplete' | 'unavailable';
    events: TenantLogEvent[];
    note?: string;
  };
}

/**
 * - `biometric`: says directly whether a device-biometrics challenge happened; all must agree.
 * - `mfa`: must hold when challenged (Auth0 puts `amr: ["mfa"]` in the ID token after an MFA
 *   challenge), says nothing when not (login 1 may complete OTP enrollment).
 * - `info`: shown for the reader, not used by the decision.
 */
export type SignalKind = 'biometric' | 'mfa' | 'info';

export interface Signal {
  name: string;
  kind: SignalKind;
  /** `null`: not observable in this run (e.g. logs that did not arrive in time). */
  value: boolean | null;
  detail: string;
}

const isWebAuthnPlatform = (e: TenantLogEvent) => /webauthn/i.test(e.authenticatorType ?? '');

function signCountIncreased(e: LoginEvidence): boolean | null {
  const before = new Map(e.credentialsBefore.map((c) => [c.credentialId, c.signCount]));
  // A credential created in this window starts from the count it was created with.
  for (const added of e.authenticatorEvents.filter((a) => a.kind === 'added')) {
    if (!before.has(added.credentialId)) before.set(added.credentialId, added.signCount);
  }
  if (before.size === 0) return null;
  return e.credentialsAfter.some(
    (c) => before.has(c.credentialId) && c.signCount > (before.get(c.credentialId) as number),
  );
}

function countOf<T>(items: T[], pred: (t: T) => boolean): number {
  return items.filter(pred).length;
}

/** The signals of one login, in the order the evidence table shows them. */
export function signalsOf(e: LoginEvidence): Signal[] {
  const visited = e.screens.map((s) => s.path);
  const gets = e.webauthnCalls.filter((c) => c.kind === 'get' && c.mediation !== 'conditional');
  const creates = e.webauthnCalls.filter((c) => c.kind === 'create');
  const asserted = countOf(e.authenticatorEvents, (a) => a.kind === 'asserted');
  const added = countOf(e.authenticatorEvents, (a) => a.kind === 'added');
  const increased = signCountIncreased(e);
  const logsKnown = e.logs.status !== 'unavailable';
  const logsComplete = e.logs.status === 'complete';
  const logSignal = (type: string): boolean | null => {
    if (!logsKnown) return null;
    const found = e.logs.events.some((l) => l.type === type && isWebAuthnPlatform(l));
    return found ? true : logsComplete ? false : null;
  };
  const mfar = e.logs.events.some((l) => l.type === 'mfar');
  const outcomes = (calls: WebAuthnCall[]) =>
    calls.length === 0
      ? 'none'
      : calls.map((c) => `${c.outcome}${c.error ? ` (${c.error})` : ''}`).join(', ');
  return [
    {
      name: 'Biometric challenge screen visited',
      kind: 'biometric',
      value: visited.includes(BIOMETRIC_CHALLENGE_PATH),
      detail: BIOMETRIC_CHALLENGE_PATH,
    },
    {
      name: 'navigator.credentials.get called',
      kind: 'biometric',
      value: gets.length > 0,
      detail: `${gets.length} call(s): ${outcomes(gets)}`,
    },
    {
      name: 'CDP WebAuthn.credentialAsserted',
      kind: 'biometric',
      value: asserted > 0,
      detail: `${asserted} event(s)`,
    },
    {
      name: 'Credential sign count increased',
      kind: 'biometric',
      value: increased,
      detail:
        increased === null
          ? 'no credential on the authenticator'
          : e.credentialsAfter
              .map((c) => `${c.credentialId.slice(0, 8)}…: ${c.signCount}`)
              .join(', '),
    },
    {
      name: 'Tenant log gd_start_auth (webauthn-platform)',
      kind: 'biometric',
      value: logSignal('gd_start_auth'),
      detail: `logs ${e.logs.status}`,
    },
    {
      name: 'Tenant log gd_auth_succeed (webauthn-platform)',
      kind: 'biometric',
      value: logSignal('gd_auth_succeed'),
      detail: `logs ${e.logs.status}`,
    },
    {
      name: 'ID token amr contains "mfa"',
      kind: 'mfa',
      value: e.amr === null ? false : e.amr.includes('mfa'),
      detail: e.amr === null ? 'no amr claim' : JSON.stringify(e.amr),
    },
    {
      name: 'Tenant log mfar (MFA required)',
      kind: 'info',
      value: logsKnown ? mfar : null,
      detail: 'corroborating only',
    },
    {
      name: 'Biometric enrollment screen visited',
      kind: 'info',
      value: visited.includes(BIOMETRIC_ENROLLMENT_PATH),
      detail: BIOMETRIC_ENROLLMENT_PATH,
    },
    {
      name: 'navigator.credentials.create called / credentialAdded',
      kind: 'info',
      value: creates.length > 0 || added > 0,
      detail: `${creates.length} call(s): ${outcomes(creates)}; ${added} credential(s) added`,
    },
  ];
}

export interface Decision {
  verdict: Verdict;
  /** One line per signal that decided, for failure messages. */
  because: string;
}

const yesNo = (s: Signal) => `${s.name}: ${s.value === null ? 'n/a' : s.value ? 'yes' : 'no'}`;

/** Decides from all the signals of one login. */
export function decide(e: LoginEvidence): Decision {
  const sigs = signalsOf(e);
  const bio = sigs.filter((s) => s.kind === 'biometric' && s.value !== null);
  const yes = bio.filter((s) => s.value === true);
  const no = bio.filter((s) => s.value === false);
  const amr = sigs.find((s) => s.kind === 'mfa') as Signal;
  if (bio.length === 0)
    return { verdict: 'inconsistent', because: 'no biometric signal observable' };
  if (yes.length > 0 && no.length > 0) {
    return { verdict: 'inconsistent', because: [...yes, ...no].map(yesNo).join('; ') };
  }
  if (yes.length > 0) {
    if (amr.value === false) {
      return { verdict: 'inconsistent', because: [...yes, amr].map(yesNo).join('; ') };
    }
    return { verdict: 'challenged', because: [...yes, amr].map(yesNo).join('; ') };
  }
  return { verdict: 'not-challenged', because: no.map(yesNo).join('; ') };
}

const ARTICLE =
  'support article "Biometric Prompt Not Triggered on First Login After Enrollment for New Users"';

/**
 * The failure message for a login whose verdict differs from Auth0's documented behaviour,
 * or `undefined` when it matches. (auth0-behaviour.md §1.4)
 */
export function mismatchMessage(
  e: LoginEvidence,
  expected: Exclude<Verdict, 'inconsistent'>,
): string | undefined {
  const { verdict, because } = decide(e);
  if (verdict === expected) return undefined;
  if (verdict === 'inconsistent') {
    return `${e.label}: the evidence is inconsistent (${because}), so it cannot be decided whether it was challenged for device biometrics; see the attached evidence table`;
  }
  if (verdict === 'challenged') {
    return `${e.label} was challenged for device biometrics (${because}), but Auth0 documents that the enrollment transaction is not (${ARTICLE})`;
  }
  return `${e.label} was not challenged for device biometrics (${because}), but Auth0 documents that every login after the enrollment transaction is (${ARTICLE})`;
}

const cell = (s: Signal) => (s.value === null ? 'n/a' : s.value ? '**yes**' : 'no');
const esc = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mdEsc = (t: string) => t.replace(/\|/g, '\\|');

/** The evidence table of several logins as Markdown (one column per login). */
export function renderEvidenceMarkdown(logins: LoginEvidence[]): string {
  const rows = logins.map(signalsOf);
  const names = rows[0]?.map((s) => `${s.name} _(${s.kind})_`) ?? [];
  const head = `| Signal | ${logins.map((l) => l.label).join(' | ')} |`;
  const sep = `|---|${logins.map(() => '---').join('|')}|`;
  const body = names.map(
    (name, i) =>
      `| ${mdEsc(name)} | ${rows.map((r) => `${cell(r[i] as Signal)} — ${mdEsc((r[i] as Signal).detail)}`).join(' | ')} |`,
  );
  const verdicts = `| **Verdict** | ${logins.map((l) => `**${decide(l).verdict}**`).join(' | ')} |`;
  const screens = logins.map(
    (l) =>
      `- ${l.label} (${new Date(l.startedAt).toISOString()} → ${new Date(l.endedAt).toISOString()}): ${
        l.screens.map((s) => s.path).join(' → ') || 'no Universal Login screen'
      }`,
  );
  return [
    '# Device-biometrics challenge evidence',
    '',
    head,
    sep,
    ...body,
    verdicts,
    '',
    '## Universal Login screens visited',
    '',
    ...screens,
    '',
  ].join('\n');
}

/** The same table as a self-contained HTML page (renders inline in Allure). */
export function renderEvidenceHtml(logins: LoginEvidence[]): string {
  const rows = logins.map(signalsOf);
  const names = rows[0]?.map((s) => ({ name: s.name, kind: s.kind })) ?? [];
  const td = (s: Signal) =>
    `<td class="${s.value === null ? 'na' : s.value ? 'yes' : 'no'}">${
      s.value === null ? 'n/a' : s.value ? 'yes' : 'no'
    }<br><small>${esc(s.detail)}</small></td>`;
  const body = names
    .map(
      (n, i) =>
        `<tr data-signal="${esc(n.name)}"><th>${esc(n.name)} <small>(${n.kind})</small></th>${rows
          .map((r) => td(r[i] as Signal))
          .join('')}</tr>`,
    )
    .join('\n');
  const verdicts = logins
    .map((l) => {
      const d = decide(l);
      return `<td class="verdict ${d.verdict}"><b>${d.verdict}</b></td>`;
    })
    .join('');
  const screens = logins
    .map(
      (l) =>
        `<li><b>${esc(l.label)}</b> (${new Date(l.startedAt).toISOString()} → ${new Date(
          l.endedAt,
        ).toISOString()}): ${esc(l.screens.map((s) => s.path).join(' → ') || 'none')}</li>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Evidence</title><style>
body{font:14px system-ui,sans-serif}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.yes{background:#e6f4ea}.no{background:#fce8e6}.na{color:#888}.inconsistent{background:#fff3cd}small{color:#555}
</style></head><body><h1>Device-biometrics challenge evidence</h1>
<p>biometric signals must all agree; "mfa" must hold when challenged; "info" is not used by the decision.</p>
<table><thead><tr><th>Signal</th>${logins.map((l) => `<th>${esc(l.label)}</th>`).join('')}</tr></thead>
<tbody>${body}
<tr><th>Verdict</th>${verdicts}</tr></tbody></table>
<h2>Universal Login screens visited</h2><ul>${screens}</ul></body></html>`;
}
