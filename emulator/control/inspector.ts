/**
 * @module emulator/control/inspector
 * `GET /`: the emulator's inspector, a page a live tenant does not have. Server-rendered HTML,
 * inline CSS, no script and no external assets: the users (profile, login count, factors,
 * app_metadata), the post-login bindings, the recent login transactions (the snapshot each one
 * read, the Actions that ran and what they saw, the flow's decisions, the screens visited,
 * `amr`) and the latest tenant log events.
 *
 * Never rendered: password hashes, TOTP secrets, WebAuthn keys, client secrets, Action secrets,
 * tokens, the transaction's pending prompt (it holds the OTP secret during enrollment) and raw
 * authorization parameters. Everything shown is HTML-escaped, and every Action secret value and
 * client secret is masked wherever it appears (an Action may `console.log` its own secret).
 */
import type { EmulatorContext } from '../context.ts';
import type { LoginTransaction } from '../flow/transaction.ts';
import { readTransactions } from '../flow/transactions.ts';
import type { LogEvent } from '../tenant/logs.ts';
import type { Authenticator, Tenant, UserRecord } from '../tenant/store.ts';
import { esc } from '../views/layout.ts';

/** How many transactions and log events the page shows (newest first). */
export const INSPECTOR_LIMITS = { transactions: 25, logs: 100 } as const;

const MASK = '[redacted]';

/** Every secret value the tenant holds that could surface in rendered text. */
function secretValues(tenant: Tenant): string[] {
  const values = new Set<string>();
  for (const c of tenant.clients.values()) values.add(c.client_secret);
  for (const a of tenant.actions.values()) {
    for (const s of a.secrets) values.add(s.value);
    for (const v of a.versions) for (const s of v.secrets) values.add(s.value);
  }
  for (const u of tenant.users.values()) {
    values.add(u.password_hash);
    for (const f of u.authenticators) {
      if (f.type === 'otp') values.add(f.secret);
      else if (f.type === 'recovery-code') values.add(f.hash);
      else values.add(f.publicKey);
    }
  }
  // Short values would mask ordinary words; real secrets are long.
  return [...values].filter((v) => v.length >= 6).sort((a, b) => b.length - a.length);
}

/**
 * JSON text of a value, or a placeholder when it cannot be serialised (a value an Action stored
 * too deep for `JSON.stringify`): the inspector never answers 500 for what it displays.
 */
function jsonText(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value ?? null, null, indent);
  } catch {
    return '[not displayable: too deeply nested]';
  }
}

/** Masks secrets, then escapes: the only way text reaches the page. */
function textOf(secrets: readonly string[]) {
  return (value: unknown): string => {
    let text = typeof value === 'string' ? value : jsonText(value);
    for (const s of secrets) if (text.includes(s)) text = text.split(s).join(MASK);
    return esc(text);
  };
}

type Text = ReturnType<typeof textOf>;

const CSS = `
body{font:13px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Arial,sans-serif;margin:0;padding:24px;color:#1e212a;background:#f7f7f9}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}h3{font-size:14px;margin:16px 0 6px}
p.meta{color:#65676e;margin:0 0 16px}
table{border-collapse:collapse;width:100%;background:#fff;margin:0 0 8px}
th,td{border:1px solid #dedfe3;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
pre{margin:0;white-space:pre-wrap;word-break:break-word}
section.tx{background:#fff;border:1px solid #dedfe3;border-radius:4px;padding:8px 16px 12px;margin:0 0 16px}
.empty{color:#65676e;font-style:italic}
.bad{color:#b4261f;font-weight:600}
`;

function table(head: string[], rows: string[][], id?: string): string {
  if (rows.length === 0) return `<p class="empty">none</p>`;
  return `<table${id ? ` id="${esc(id)}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

const json = (t: Text, v: unknown) => `<pre>${t(jsonText(v, 1))}</pre>`;

/** A factor without its secret material. */
function factorText(t: Text, f: Authenticator): string {
  const when = `created ${f.created_at}${f.last_auth_at ? `, last auth ${f.last_auth_at}` : ', never used to authenticate'}`;
  const extra = f.type === 'webauthn-platform' ? ` "${f.name}", sign count ${f.counter}` : '';
  return `<code>${t(f.type)}</code>${f.confirmed ? '' : ' (unconfirmed)'}${t(extra)} · ${t(when)}`;
}

function usersSection(t: Text, users: UserRecord[]): string {
  const rows = users.map((u) => [
    `<code>${t(u.user_id)}</code>`,
    t(u.email),
    t(u.created_at),
    t(u.logins_count),
    t(u.last_login ?? ''),
    u.authenticators.length
      ? u.authenticators.map((f) => factorText(t, f)).join('<br>')
      : '<span class="empty">none</span>',
    json(t, u.app_metadata),
  ]);
  return table(
    ['user_id', 'email', 'created', 'logins_count', 'last login', 'factors', 'app_metadata'],
    rows,
    'users',
  );
}

function bindingsSection(t: Text, tenant: Tenant): string {
  const rows = tenant
    .boundPostLoginActions()
    .map(({ binding, action, version }, i) => [
      t(i + 1),
      t(binding.display_name),
      t(action.name),
      t(`v${version.number}`),
      t(action.secrets.map((s) => s.name).join(', ')),
    ]);
  return table(['#', 'binding', 'Action', 'deployed version', 'secret names'], rows, 'bindings');
}

function transactionSection(t: Text, tenant: Tenant, tx: LoginTransaction): string {
  const user = tx.userId ? tenant.users.get(tx.userId) : undefined;
  const client = tenant.clients.get(tx.clientId);
  const snap = tx.snapshot;
  const snapshot = snap
    ? table(
        ['logins_count', 'enrolled factors', 'app_metadata', 'user_metadata'],
        [
          [
            t(snap.logins_count),
            t(
              snap.authenticators
                .filter((a) => a.confirmed)
                .map((a) => a.type)
                .join(', ') || '—',
            ),
            json(t, snap.app_metadata),
            json(t, snap.user_metadata),
          ],
        ],
      )
    : '<p class="empty">no first factor yet</p>';
  const runs = table(
    [
      'at',
      'Action',
      'handler',
      'outcome',
      'saw enrolledFactors',
      'saw methods',
      'saw app_metadata',
      'MFA commands',
      'console',
    ],
    tx.actionRuns.map((r) => [
      t(r.at),
      t(r.action),
      t(r.handler ?? 'onExecutePostLogin'),
      r.outcome === 'ok' ? t('ok') : `<span class="bad">${t(`failed: ${r.error ?? ''}`)}</span>`,
      t(r.saw.enrolledFactors.join(', ') || '—'),
      t(r.saw.methods.join(', ')),
      json(t, r.saw.appMetadata),
      t(r.commands),
      r.consoleLines.length ? `<pre>${t(r.consoleLines.join('\n'))}</pre>` : '',
    ]),
  );
  const decisions = table(
    ['at', 'step', 'readFrom', 'enrolledFactors', 'outcome', 'detail'],
    tx.decisions.map((d) => [
      t(d.at),
      t(d.step),
      t(d.readFrom),
      t(d.enrolledFactors.join(', ') || '—'),
      t(d.outcome),
      t(d.detail ?? ''),
    ]),
  );
  const screens = tx.trail.filter((e) => e.kind === 'screen').map((e) => e.name);
  const logs = tx.trail.filter((e) => e.kind === 'log').map((e) => e.name);
  const error = tx.flow.error
    ? `<span class="bad">${t(`${tx.flow.error.error}: ${tx.flow.error.error_description}`)}</span>`
    : '';
  return `<section class="tx" data-transaction="${esc(tx.uid)}">
<h3>Transaction <code>${t(tx.uid)}</code></h3>
${table(
  ['started', 'application', 'user', 'phase', 'amr', 'screens visited', 'log events'],
  [
    [
      t(tx.createdAt),
      t(client?.name ?? tx.clientId),
      t(user?.email ?? tx.identifier ?? '—'),
      `${t(tx.flow.phase)} ${error}`,
      t(tx.amr ? JSON.stringify(tx.amr) : '—'),
      t(screens.join(' → ') || '—'),
      t(logs.join(', ') || '—'),
    ],
  ],
)}
<h3>Snapshot read by the transaction</h3>
${snapshot}
<h3>Actions run</h3>
${runs}
<h3>Decisions</h3>
${decisions}
</section>`;
}

function logsSection(t: Text, tenant: Tenant, events: readonly LogEvent[]): string {
  const rows = events.map((l) => [
    t(l.date),
    `<code>${t(l.type)}</code>`,
    t(l.description),
    t(l.user_name ?? (l.user_id ? (tenant.users.get(l.user_id)?.email ?? l.user_id) : '')),
    t(l.client_name ?? ''),
    l.transaction_id ? `<code>${t(l.transaction_id)}</code>` : '',
  ]);
  return table(['date', 'type', 'description', 'user', 'application', 'transaction'], rows, 'logs');
}

/** The whole inspector page. */
export function renderInspector(context: EmulatorContext): string {
  const { tenant, config } = context;
  const t = textOf(secretValues(tenant));
  const users = [...tenant.users.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const transactions = readTransactions(tenant).slice(-INSPECTOR_LIMITS.transactions).reverse();
  const logs = tenant.logs.all().slice(-INSPECTOR_LIMITS.logs).reverse();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<title>Emulator inspector - ${t(tenant.settings.friendly_name)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Auth0 tenant emulator: inspector</h1>
<p class="meta">Tenant <code>${t(config.tenantName)}</code> at <code>${t(context.origin)}</code> ·
user reads: <code>${t(config.userReads)}</code> · ${t(users.length)} user(s) ·
${t(transactions.length)} recent transaction(s) · emulator-only page (a live tenant has no such page)</p>
<h2>Users</h2>
${usersSection(t, users)}
<h2>Post-login Actions bound</h2>
${bindingsSection(t, tenant)}
<h2>Recent transactions (newest first, latest ${INSPECTOR_LIMITS.transactions})</h2>
${transactions.map((tx) => transactionSection(t, tenant, tx)).join('\n') || '<p class="empty">none</p>'}
<h2>Tenant log stream (newest first, latest ${INSPECTOR_LIMITS.logs})</h2>
${logsSection(t, tenant, logs)}
</body>
</html>`;
}
