/**
 * @module helpers/evidence/table
 * The evidence table of a test's logins, one column per login, as Markdown and as a
 * self-contained HTML page (renders inline in Allure). It reads each login's stored
 * `LoginRecord`; it decides nothing. Three parts: the signals that decide (browser, ID token),
 * the tenant log signals that corroborate (`present` / `absent` / `contradicts`), and the rows
 * shown for the reader; then the expectation, the verdict and the failure category.
 */
import type { LoginRecord, LogSignal, Signal } from './model.ts';

const esc = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const mdEsc = (t: string) => t.replace(/\|/g, '\\|');
const yesNo = (s: Signal) => (s.value === null ? 'n/a' : s.value ? 'yes' : 'no');

interface Row {
  name: string;
  /** What the row is for: `decides (biometric)`, `corroborates`, … */
  role: string;
  cells: { text: string; detail: string; css: string }[];
}

const ROLE: Record<Signal['kind'], string> = {
  biometric: 'decides: biometric',
  mfa: 'decides: mfa',
  info: 'for the reader',
};

function rowsOf(records: LoginRecord[]): Row[] {
  const first = records[0]?.decision;
  if (!first) return [];
  const signalRow = (i: number, kind: Signal['kind']): Row | undefined => {
    const s = first.signals[i] as Signal;
    if (s.kind !== kind) return undefined;
    return {
      name: s.name,
      role: ROLE[s.kind],
      cells: records.map((r) => {
        const c = r.decision.signals[i] as Signal;
        return {
          text: yesNo(c),
          detail: c.detail,
          css: c.value === null ? 'na' : c.value ? 'yes' : 'no',
        };
      }),
    };
  };
  const logRow = (i: number): Row => ({
    name: (first.logSignals[i] as LogSignal).name,
    role: 'corroborates',
    cells: records.map((r) => {
      const c = r.decision.logSignals[i] as LogSignal;
      return { text: c.state, detail: c.detail, css: c.state };
    }),
  });
  const indices = first.signals.map((_, i) => i);
  const of = (kind: Signal['kind']) =>
    indices.map((i) => signalRow(i, kind)).filter((r): r is Row => r !== undefined);
  return [
    ...of('biometric'),
    ...of('mfa'),
    ...first.logSignals.map((_, i) => logRow(i)),
    ...of('info'),
  ];
}

const expectedOf = (r: LoginRecord) =>
  r.expectation ? `${r.expectation.verdict} (${r.expectation.basis})` : 'not stated';
const categoryOf = (r: LoginRecord) => r.decision.mismatch?.category ?? 'as expected';
const screensOf = (r: LoginRecord) =>
  `${r.label} (${new Date(r.evidence.startedAt).toISOString()} → ${new Date(r.evidence.endedAt).toISOString()}): ${
    r.evidence.screens.map((s) => s.path).join(' → ') || 'no Universal Login screen'
  }`;

/** The evidence table as Markdown. */
export function renderEvidenceMarkdown(records: LoginRecord[]): string {
  const head = `| Signal | ${records.map((r) => r.label).join(' | ')} |`;
  const sep = `|---|${records.map(() => '---').join('|')}|`;
  const body = rowsOf(records).map(
    (row) =>
      `| ${mdEsc(row.name)} _(${row.role})_ | ${row.cells
        .map(
          (c) =>
            `${c.css === 'yes' || c.css === 'contradicts' ? `**${c.text}**` : c.text} — ${mdEsc(c.detail)}`,
        )
        .join(' | ')} |`,
  );
  return [
    '# Device-biometrics challenge evidence',
    '',
    'The browser’s signals and the ID token’s `amr` decide; tenant log events corroborate (only a',
    'contradiction changes the verdict); the user read before each login is corroboration, not a signal.',
    '',
    head,
    sep,
    ...body,
    `| **Expected** | ${records.map((r) => expectedOf(r)).join(' | ')} |`,
    `| **Verdict** | ${records.map((r) => `**${r.decision.verdict}**`).join(' | ')} |`,
    `| **Category** | ${records.map((r) => categoryOf(r)).join(' | ')} |`,
    '',
    '## Universal Login screens visited',
    '',
    ...records.map((r) => `- ${screensOf(r)}`),
    '',
  ].join('\n');
}

/** The same table as a self-contained HTML page. */
export function renderEvidenceHtml(records: LoginRecord[]): string {
  const body = rowsOf(records)
    .map(
      (row) =>
        `<tr data-signal="${esc(row.name)}"><th>${esc(row.name)} <small>(${esc(row.role)})</small></th>${row.cells
          .map((c) => `<td class="${c.css}">${esc(c.text)}<br><small>${esc(c.detail)}</small></td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const line = (title: string, cell: (r: LoginRecord) => string) =>
    `<tr><th>${title}</th>${records.map(cell).join('')}</tr>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Evidence</title><style>
body{font:14px system-ui,sans-serif}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.yes,.present{background:#e6f4ea}.no{background:#fce8e6}.na,.absent{color:#888}.contradicts{background:#fce8e6;font-weight:bold}.inconsistent{background:#fff3cd}small{color:#555}
</style></head><body><h1>Device-biometrics challenge evidence</h1>
<p>"decides" rows decide: the biometric signals must all agree, and "mfa" must hold when challenged. "corroborates" rows are tenant log events: absent changes nothing, a contradiction makes the verdict inconsistent. "for the reader" rows decide nothing; nor does the user read before each login.</p>
<table><thead><tr><th>Signal</th>${records.map((r) => `<th>${esc(r.label)}</th>`).join('')}</tr></thead>
<tbody>${body}
${line('Expected', (r) => `<td>${esc(expectedOf(r))}</td>`)}
${line('Verdict', (r) => `<td class="verdict ${r.decision.verdict}"><b>${r.decision.verdict}</b></td>`)}
${line('Category', (r) => `<td>${esc(categoryOf(r))}</td>`)}</tbody></table>
<h2>Universal Login screens visited</h2><ul>${records.map((r) => `<li>${esc(screensOf(r))}</li>`).join('')}</ul></body></html>`;
}
