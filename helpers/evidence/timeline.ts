/**
 * @module helpers/evidence/timeline
 * The timeline picture of one login transaction, as a self-contained SVG (no script, no font,
 * no external reference: it renders the same in the single-file report, offline): the verdict
 * against the spec's expectation on top, the user as the Management API showed it before the
 * login (corroboration, not a signal: the verdict never reads it), the bound Actions, then every
 * event in time order in five lanes — Universal Login screens, WebAuthn calls in the page, the
 * virtual authenticator (CDP, sign counts), tenant log events, tokens — and the signals. It
 * reads the login's stored `LoginRecord` and decides nothing. Events that prove a biometric
 * challenge are marked; when the verdict breaks the expectation they are drawn red.
 */
import {
  BIOMETRIC_CHALLENGE_PATH,
  type LoginEvidence,
  type LoginRecord,
  type LogSignal,
  type Signal,
} from './model.ts';
import { isWebAuthn } from './signals.ts';
import { describeActions, describeUser, explain, headlineOf } from './story.ts';

type Lane = 'screen' | 'webauthn' | 'authenticator' | 'log' | 'token';

interface Row {
  at: number;
  lane: Lane;
  text: string;
  /** Evidence of a device-biometrics challenge. */
  challenge: boolean;
}

const LANES: { lane: Lane; title: string; width: number }[] = [
  { lane: 'screen', title: 'Universal Login screen', width: 256 },
  { lane: 'webauthn', title: 'credentials API', width: 140 },
  { lane: 'authenticator', title: 'authenticator', width: 140 },
  { lane: 'log', title: 'tenant log event', width: 300 },
  { lane: 'token', title: 'ID token', width: 104 },
];
const TIME_COL = 60;
const PAD = 12;
const WIDTH = PAD * 2 + TIME_COL + LANES.reduce((n, l) => n + l.width, 0);
const ROW_H = 20;
const CHAR_W = 6.6; // 11px monospace, generously

const LANE_COLOUR: Record<Lane, string> = {
  screen: '#1a73e8',
  webauthn: '#9334e6',
  authenticator: '#e37400',
  log: '#188038',
  token: '#5f6368',
};

const esc = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Splits a sentence into lines of at most `px` pixels (13px proportional text). */
function wrap(sentence: string, px: number): string[] {
  const max = Math.floor(px / 8);
  const lines: string[] = [];
  let line = '';
  for (const word of sentence.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Cuts a text to what fits `px` pixels, with an ellipsis. */
function fit(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / CHAR_W));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const LOG_FILL: Record<LogSignal['state'], string> = {
  present: '#188038',
  absent: '#5f6368',
  contradicts: '#d93025',
};

function rowsOf(e: LoginEvidence): Row[] {
  const rows: Row[] = [];
  for (const s of e.screens) {
    rows.push({
      at: s.at,
      lane: 'screen',
      text: s.path,
      challenge: s.path === BIOMETRIC_CHALLENGE_PATH,
    });
  }
  for (const c of e.webauthnCalls) {
    const conditional = c.mediation === 'conditional';
    rows.push({
      at: c.at,
      lane: 'webauthn',
      text: `${c.kind}() ${c.outcome}${c.error ? ` ${c.error}` : ''}${conditional ? ' (autofill)' : ''}`,
      challenge: c.kind === 'get' && !conditional,
    });
  }
  for (const a of e.authenticatorEvents) {
    rows.push({
      at: a.at,
      lane: 'authenticator',
      text: `${a.kind === 'added' ? 'added' : 'asserted'}, sign ${a.signCount}`,
      challenge: a.kind === 'asserted',
    });
  }
  for (const l of e.logs.events) {
    const t = Date.parse(l.date);
    rows.push({
      at: Number.isFinite(t) ? t : e.endedAt,
      lane: 'log',
      text: `${l.type}${l.authenticatorType ? ` (${l.authenticatorType})` : ''}${l.summary ? ` ${l.summary}` : ''}`,
      challenge: (l.type === 'gd_start_auth' || l.type === 'gd_auth_succeed') && isWebAuthn(l),
    });
  }
  rows.push({
    at: e.endedAt,
    lane: 'token',
    text: `amr ${e.amr === null ? '(none)' : JSON.stringify(e.amr)}`,
    challenge: e.amr?.includes('mfa') ?? false,
  });
  return rows.sort((a, b) => a.at - b.at);
}

/**
 * The SVG timeline of one login, from its stored record.
 * @example
 *   await testInfo.attach(`timeline · ${r.label}`, { body: renderTimelineSvg(r), contentType: 'image/svg+xml' });
 */
export function renderTimelineSvg(record: LoginRecord): string {
  const { evidence: e, expectation, decision } = record;
  const { verdict } = decision;
  const expected = expectation?.verdict;
  const mismatch = decision.mismatch !== undefined;
  const ok = expectation !== undefined && !mismatch;
  const rows = rowsOf(e);
  const out: string[] = [];
  let y = PAD;

  const text = (x: number, yy: number, t: string, attrs = '') =>
    out.push(`<text x="${x}" y="${yy}"${attrs ? ` ${attrs}` : ''}>${esc(t)}</text>`);

  // Verdict banner.
  const bannerFill = mismatch ? '#fce8e6' : ok ? '#e6f4ea' : '#fff3cd';
  const bannerStroke = mismatch ? '#d93025' : ok ? '#188038' : '#b06000';
  out.push(
    `<rect x="${PAD}" y="${y}" width="${WIDTH - PAD * 2}" height="52" rx="6" fill="${bannerFill}" stroke="${bannerStroke}" stroke-width="2"/>`,
  );
  const headline = headlineOf(record);
  text(
    PAD + 10,
    y + 22,
    fit(headline, WIDTH - PAD * 2 - 20),
    `class="h1" style="fill:${bannerStroke}"`,
  );
  text(
    PAD + 10,
    y + 42,
    fit(
      `${new Date(e.startedAt).toISOString()} → ${new Date(e.endedAt).toISOString()} (${((e.endedAt - e.startedAt) / 1000).toFixed(1)} s)`,
      WIDTH - PAD * 2 - 20,
    ),
    'class="small"',
  );
  y += 52 + 18;
  const why = explain(record);
  if (why) {
    for (const line of wrap(why, WIDTH - PAD * 2)) {
      text(PAD, y, line, `class="why" style="fill:${mismatch ? '#d93025' : '#202124'}"`);
      y += 16;
    }
    y += 8;
  }

  // What the Action and the MFA evaluation read: it corroborates the story, the verdict never reads it.
  text(
    PAD,
    y,
    'Before the login — the user as the Management API showed it (what the Action and the MFA evaluation read; corroboration, not a signal):',
    'class="h2"',
  );
  y += 16;
  for (const line of [...describeUser(e), describeActions(e)]) {
    text(PAD + 12, y, fit(line, WIDTH - PAD * 2 - 12), 'class="mono"');
    y += 15;
  }
  y += 10;

  // Lanes header.
  const laneX: Record<Lane, number> = {} as Record<Lane, number>;
  let x = PAD + TIME_COL;
  text(PAD, y + 14, 'time', 'class="lane"');
  for (const l of LANES) {
    laneX[l.lane] = x;
    out.push(
      `<rect x="${x}" y="${y}" width="${l.width - 4}" height="20" rx="3" fill="${LANE_COLOUR[l.lane]}"/>`,
    );
    text(x + 6, y + 14, l.title, 'class="lane" style="fill:#fff"');
    x += l.width;
  }
  y += 26;

  // Event rows.
  const top = y;
  const highlight = mismatch ? '#d93025' : '#188038';
  rows.forEach((r, i) => {
    const ry = top + i * ROW_H;
    if (i % 2 === 0) {
      out.push(
        `<rect x="${PAD}" y="${ry}" width="${WIDTH - PAD * 2}" height="${ROW_H}" fill="#f6f8fa"/>`,
      );
    }
    text(PAD + 2, ry + 14, `+${((r.at - e.startedAt) / 1000).toFixed(2)} s`, 'class="mono small"');
    const lane = LANES.find((l) => l.lane === r.lane) as (typeof LANES)[number];
    const lx = laneX[r.lane];
    const colour = r.challenge ? highlight : LANE_COLOUR[r.lane];
    out.push(
      `<rect x="${lx}" y="${ry + 2}" width="${lane.width - 4}" height="${ROW_H - 4}" rx="3" fill="#fff" stroke="${colour}" stroke-width="${r.challenge ? 2 : 1}"/>`,
    );
    text(
      lx + 5,
      ry + 14,
      fit(`${r.challenge ? '● ' : ''}${r.text}`, lane.width - 12),
      `class="mono" style="fill:${r.challenge ? highlight : '#202124'}"`,
    );
  });
  y = top + rows.length * ROW_H + 8;
  if (!rows.some((r) => r.lane === 'screen')) {
    text(PAD, y + 12, 'No Universal Login screen was recorded in this login.', 'class="small"');
    y += 18;
  }
  text(
    PAD,
    y + 12,
    '● = evidence of a device-biometrics challenge. Tenant log times are the tenant’s clock.' +
      (e.logs.status !== 'complete'
        ? `  Tenant logs: ${e.logs.status}${e.logs.note ? ` (${e.logs.note})` : ''}.`
        : ''),
    'class="small"',
  );
  y += 26;

  // Signals.
  text(
    PAD,
    y,
    'Signals — the browser and the ID token decide; tenant logs corroborate (the evidence table has the details):',
    'class="h2"',
  );
  y += 16;
  const row = (name: string, value: string, fill: string, detail: string) => {
    text(PAD + 12, y, fit(name, 430), 'class="mono"');
    text(PAD + 450, y, value, `class="mono b" style="fill:${fill}"`);
    text(PAD + 540, y, fit(detail, WIDTH - PAD * 2 - 540), 'class="mono small"');
    y += 15;
  };
  const signalRow = (s: Signal) => {
    // Green when the signal agrees with the expectation, red when it goes against it.
    const wanted =
      s.kind === 'biometric' && expected
        ? expected === 'challenged'
        : s.kind === 'mfa' && expected === 'challenged'
          ? true
          : undefined;
    const fill =
      s.value === null || wanted === undefined
        ? '#5f6368'
        : s.value === wanted
          ? '#188038'
          : '#d93025';
    row(`${s.name} (${s.kind})`, s.value === null ? 'n/a' : s.value ? 'yes' : 'no', fill, s.detail);
  };
  // The same order as the evidence table: what decides, what corroborates, what is shown.
  decision.signals.filter((s) => s.kind !== 'info').forEach(signalRow);
  for (const l of decision.logSignals) {
    row(`${l.name} (corroborates)`, l.state, LOG_FILL[l.state], l.detail);
  }
  decision.signals.filter((s) => s.kind === 'info').forEach(signalRow);
  y += PAD;

  const style = `<style>
text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:11px;fill:#202124}
.h1{font:bold 15px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
.h2{font:bold 12px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
.lane{font:bold 11px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
.why{font:bold 13px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
.small{font-size:10px;fill:#5f6368}.b{font-weight:bold}
</style>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" role="img" aria-label="${esc(`${e.label} timeline: ${verdict}`)}">
<title>${esc(`${e.label} — ${verdict}${expected ? ` (expected ${expected})` : ''}`)}</title>
${style}
<rect width="100%" height="100%" fill="#fff"/>
${out.join('\n')}
</svg>`;
}
