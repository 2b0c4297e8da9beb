/**
 * @module helpers/config/env-lint
 * Mistakes a schema cannot see: a misspelt key (`E2E_TARGT=live` would otherwise be ignored
 * and the run would silently go to the emulator) and a `.env` line that is not `KEY=VALUE`
 * (dotenv skips it without a word).
 */

/** Prefixes of this project's keys: only such keys are checked for typos. */
const OURS = /^(E2E|AUTH0|EMULATOR|TEST_APP|ALLURE)_/;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * One message per key that looks like a misspelling of a known key (same prefix family, at
 * most two edits away, or a known key with extra or missing `_`), naming the likely one.
 */
export function misspeltKeys(keys: readonly string[], known: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (!OURS.test(key) || known.includes(key)) continue;
    const squash = (k: string) => k.replace(/_/g, '');
    const best = known
      .map((k) => ({ k, d: squash(k) === squash(key) ? 0 : distance(k, key) }))
      .sort((a, b) => a.d - b.d)[0];
    if (best && best.d <= 2) {
      out.push(`${key}: not a setting of this harness; did you mean ${best.k}?`);
    }
  }
  return out;
}

/**
 * One message per `.env` line that is neither blank, a comment, nor `KEY=VALUE` (lines inside
 * a multi-line quoted value, which dotenv supports, are part of that value).
 */
export function malformedEnvLines(text: string): string[] {
  const out: string[] = [];
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (openQuote) {
      if (t.includes(openQuote)) openQuote = undefined;
      return;
    }
    if (t === '' || t.startsWith('#')) return;
    const m = /^(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/.exec(t);
    if (!m) {
      out.push(`line ${i + 1}: not KEY=VALUE (dotenv would ignore it): "${t.slice(0, 40)}"`);
      return;
    }
    const value = m[2] ?? '';
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && !value.slice(1).includes(q)) openQuote = q;
  });
  return out;
}
