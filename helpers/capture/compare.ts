/**
 * @module helpers/capture/compare
 * Every difference between a capture (usually from a live tenant, "live") and the embedded
 * tenant's capture of the same journey ("embedded"): a login or screen missing or extra, a
 * title or heading changed, a field or button added, removed, renamed or changed, a log type
 * not written (or written only by the embedded tenant), a log field absent (or extra). Screens
 * of a login are aligned by path (longest common subsequence); fields by name (else id), buttons
 * by name=value (else text); log events by type, their fields by path.
 */
import type { ButtonShape, FieldShape, LoginCapture, ScreenShape, UlCapture } from './types.ts';

export type DifferenceCode =
  | 'login-missing'
  | 'login-extra'
  | 'screen-missing'
  | 'screen-extra'
  | 'title-changed'
  | 'heading-changed'
  | 'field-added'
  | 'field-removed'
  | 'field-renamed'
  | 'field-changed'
  | 'button-added'
  | 'button-removed'
  | 'button-renamed'
  | 'logs-not-compared'
  | 'log-type-not-written'
  | 'log-type-extra'
  | 'log-field-absent'
  | 'log-field-extra';

export interface Difference {
  code: DifferenceCode;
  login: string;
  /** The screen's path, for screen differences. */
  screen?: string;
  detail: string;
}

/** `login 2 · /u/mfa-login-options: button-renamed: …` */
export function formatDifference(d: Difference): string {
  return `${d.login}${d.screen ? ` · ${d.screen}` : ''}: ${d.code}: ${d.detail}`;
}

/** The differences of `live` from `embedded`, in journey order; [] when they match. */
export function compareCaptures(live: UlCapture, embedded: UlCapture): Difference[] {
  const out: Difference[] = [];
  const embeddedLogins = new Map(embedded.logins.map((l) => [l.label, l]));
  for (const l of live.logins) {
    const e = embeddedLogins.get(l.label);
    if (!e) {
      out.push({
        code: 'login-missing',
        login: l.label,
        detail: 'the embedded tenant has no such login',
      });
      continue;
    }
    compareScreens(l, e, out);
    compareLogs(l, e, out);
  }
  const liveLabels = new Set(live.logins.map((l) => l.label));
  for (const e of embedded.logins) {
    if (!liveLabels.has(e.label)) {
      out.push({
        code: 'login-extra',
        login: e.label,
        detail: 'only the embedded tenant has this login',
      });
    }
  }
  return out;
}

function compareScreens(live: LoginCapture, embedded: LoginCapture, out: Difference[]): void {
  const pairs = align(
    live.screens.map((s) => s.path),
    embedded.screens.map((s) => s.path),
  );
  let lastLive = '(start)';
  for (const [i, j] of pairs) {
    const l = i === undefined ? undefined : live.screens[i];
    const e = j === undefined ? undefined : embedded.screens[j];
    if (l && e) compareScreen(live.label, l, e, out);
    else if (l) {
      out.push({
        code: 'screen-missing',
        login: live.label,
        screen: l.path,
        detail: `live shows it after ${lastLive}; the embedded tenant does not`,
      });
    } else if (e) {
      out.push({
        code: 'screen-extra',
        login: live.label,
        screen: e.path,
        detail: `the embedded tenant shows it after ${lastLive}; live does not`,
      });
    }
    if (l) lastLive = l.path;
  }
}

/** Index pairs of a longest common subsequence of `a` and `b`, with the unmatched in order. */
export function align(a: string[], b: string[]): [number | undefined, number | undefined][] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      const next = lcs[i + 1] as number[];
      row[j] =
        a[i] === b[j]
          ? (next[j + 1] as number) + 1
          : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  const out: [number | undefined, number | undefined][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) out.push([i++, j++]);
    else if (j >= b.length || (i < a.length && (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      out.push([i++, undefined]);
    } else out.push([undefined, j++]);
  }
  return out;
}

function compareScreen(login: string, l: ScreenShape, e: ScreenShape, out: Difference[]): void {
  if (l.autoSubmits || e.autoSubmits || l.note || e.note) return;
  const push = (code: DifferenceCode, detail: string) =>
    out.push({ code, login, screen: l.path, detail });
  if (l.title !== e.title) push('title-changed', `${q(e.title)} (embedded) → ${q(l.title)} (live)`);
  if (JSON.stringify(l.headings) !== JSON.stringify(e.headings)) {
    push('heading-changed', `${list(e.headings)} (embedded) → ${list(l.headings)} (live)`);
  }
  const inputs = (s: ScreenShape) => s.forms.flatMap((f) => f.inputs);
  const buttons = (s: ScreenShape) => s.forms.flatMap((f) => f.buttons);
  compareItems(inputs(l), inputs(e), FIELDS, push);
  compareItems(buttons(l), buttons(e), BUTTONS, push);
}

type Push = (code: DifferenceCode, detail: string) => void;

const fieldKey = (f: FieldShape) => f.name || (f.id ? `#${f.id}` : `(${f.type})`);
const fieldText = (f: FieldShape) =>
  `${q(fieldKey(f))} (type ${f.type}${f.id ? `, id ${f.id}` : ', no id'})`;

const buttonKey = (b: ButtonShape) =>
  b.name || b.value ? `${b.name}=${b.value}` : `text:${b.text}`;
const buttonText = (b: ButtonShape) =>
  `${b.name || b.value ? `${b.name || '(no name)'}=${b.value || '(no value)'}` : '(no name/value)'} ${q(b.text)}`;

/** How one kind of form item (input field, button) is matched and its differences reported. */
interface ItemKind<T> {
  key: (t: T) => string;
  text: (t: T) => string;
  /** An item only live and one only embedded that are the same item renamed. */
  twins: (live: T, embedded: T) => boolean;
  /** The same key on both sides, yet not the same item. */
  differs: (live: T, embedded: T) => boolean;
  codes: Record<'renamed' | 'added' | 'removed' | 'changed', DifferenceCode>;
}

const FIELDS: ItemKind<FieldShape> = {
  key: fieldKey,
  text: fieldText,
  twins: (l, e) => e.type === l.type,
  differs: (l, e) => e.type !== l.type || e.id !== l.id,
  codes: {
    renamed: 'field-renamed',
    added: 'field-added',
    removed: 'field-removed',
    changed: 'field-changed',
  },
};

const BUTTONS: ItemKind<ButtonShape> = {
  key: buttonKey,
  text: buttonText,
  twins: (l, e) => e.text === l.text,
  differs: (l, e) => e.text !== l.text,
  codes: {
    renamed: 'button-renamed',
    added: 'button-added',
    removed: 'button-removed',
    changed: 'button-renamed',
  },
};

function compareItems<T>(liveItems: T[], embeddedItems: T[], kind: ItemKind<T>, push: Push): void {
  const live = byKey(liveItems, kind.key);
  const emb = byKey(embeddedItems, kind.key);
  const added = [...live.keys()].filter((k) => !emb.has(k));
  const removed = [...emb.keys()].filter((k) => !live.has(k));
  for (const k of added) {
    const item = live.get(k) as T;
    const twin = removed.findIndex((r) => kind.twins(item, emb.get(r) as T));
    if (twin >= 0) {
      const [r] = removed.splice(twin, 1) as [string];
      push(
        kind.codes.renamed,
        `${kind.text(emb.get(r) as T)} (embedded) → ${kind.text(item)} (live)`,
      );
    } else push(kind.codes.added, `${kind.text(item)}: live has it, the embedded tenant does not`);
  }
  for (const r of removed) {
    push(
      kind.codes.removed,
      `${kind.text(emb.get(r) as T)}: the embedded tenant has it, live does not`,
    );
  }
  for (const [k, item] of live) {
    const other = emb.get(k);
    if (other && kind.differs(item, other)) {
      push(kind.codes.changed, `${kind.text(other)} (embedded) → ${kind.text(item)} (live)`);
    }
  }
}

function compareLogs(live: LoginCapture, embedded: LoginCapture, out: Difference[]): void {
  const push = (code: DifferenceCode, detail: string) =>
    out.push({ code, login: live.label, detail });
  if (!live.logEvents || !embedded.logEvents) {
    const which = !live.logEvents ? `live (${live.logStatus})` : `embedded (${embedded.logStatus})`;
    push('logs-not-compared', `no tenant log events were read on ${which}`);
    return;
  }
  const l = fieldsByType(live.logEvents);
  const e = fieldsByType(embedded.logEvents);
  for (const [type, fields] of l) {
    const ef = e.get(type);
    if (!ef) {
      push('log-type-not-written', `live writes ${q(type)}; the embedded tenant does not`);
      continue;
    }
    for (const f of fields)
      if (!ef.has(f))
        push('log-field-absent', `${q(type)} has ${q(f)} live; the embedded tenant's does not`);
    for (const f of ef)
      if (!fields.has(f))
        push('log-field-extra', `${q(type)} has ${q(f)} on the embedded tenant; live's does not`);
  }
  for (const type of e.keys()) {
    if (!l.has(type))
      push('log-type-extra', `the embedded tenant writes ${q(type)}; live does not`);
  }
}

function fieldsByType(
  events: { type: string; fields: Record<string, string> }[],
): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const ev of events) {
    const s = m.get(ev.type) ?? new Set<string>();
    for (const f of Object.keys(ev.fields)) s.add(f);
    m.set(ev.type, s);
  }
  return m;
}

function byKey<T>(items: T[], key: (t: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const t of items) if (!m.has(key(t))) m.set(key(t), t);
  return m;
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: string[]) => `[${xs.map(q).join(', ')}]`;
