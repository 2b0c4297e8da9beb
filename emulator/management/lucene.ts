/**
 * @module emulator/management/lucene
 * The Lucene query subset Auth0 accepts in `q` for users and logs: `field:value`,
 * `field:"exact"`, `*` wildcards, ranges `[a TO b]` / `{a TO b}` with `*` open ends,
 * `AND` / `OR` / `NOT` / `-`, parentheses, and bare terms (any field). Adjacent terms are
 * OR-ed, Lucene's default operator.
 * https://auth0.com/docs/deploy-monitor/logs/log-search-query-syntax
 * https://auth0.com/docs/manage-users/user-search/user-search-query-syntax
 *
 * Bounds: a query is at most `MAX_QUERY_LENGTH` characters, `MAX_QUERY_CLAUSES` terms and
 * `MAX_QUERY_NESTING` levels of parentheses / `NOT`. Auth0 documents none of them (it runs the
 * query on Elasticsearch, whose `indices.query.bool.max_clause_count` defaults to 1024); the
 * values are the emulator's, strict but far above any real query (unconfirmed on live). They
 * keep the recursive-descent parser and the evaluator's recursion shallow: 10,000 `(` answer
 * 400 `invalid_query_string`, never a stack overflow (reliability audit §6).
 */
import { badRequest } from '../http/errors.ts';
import type { QueryParamSpec } from './query.ts';

export const MAX_QUERY_LENGTH = 2048;
export const MAX_QUERY_CLAUSES = 256;
export const MAX_QUERY_NESTING = 16;

/** The `q` query parameter's spec (users and logs). */
export const LUCENE_QUERY_PARAM = {
  type: 'string',
  maxLength: MAX_QUERY_LENGTH,
} as const satisfies QueryParamSpec;

type Value =
  | { kind: 'term'; text: string; quoted: boolean }
  | { kind: 'range'; low: string; high: string; lowInclusive: boolean; highInclusive: boolean };

export type Query =
  | { op: 'match'; field?: string; value: Value }
  | { op: 'and' | 'or'; left: Query; right: Query }
  | { op: 'not'; query: Query }
  | { op: 'all' };

/** Thrown as Auth0's 400 for a query it cannot parse (message wording unconfirmed). */
const syntaxError = (detail: string) =>
  badRequest(`Query validation error: 'Invalid query: ${detail}'.`, 'invalid_query_string');

type Token =
  | { t: 'word'; v: string; quoted: boolean }
  | { t: 'colon' | 'lparen' | 'rparen' | 'minus' | 'lbracket' | 'rbracket' | 'lbrace' | 'rbrace' };

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const singles: Record<string, Token['t']> = {
    ':': 'colon',
    '(': 'lparen',
    ')': 'rparen',
    '[': 'lbracket',
    ']': 'rbracket',
    '{': 'lbrace',
    '}': 'rbrace',
  };
  // Inside `[a TO b]` a colon belongs to the value (ISO dates: `date:[2024-01-01T10:00 TO *]`).
  let inRange = false;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c in singles && !(inRange && c === ':')) {
      if (c === '[' || c === '{') inRange = true;
      if (c === ']' || c === '}') inRange = false;
      out.push({ t: singles[c] } as Token);
      i++;
    } else if (c === '-' && (out.length === 0 || /\s|\(/.test(input[i - 1] ?? ' '))) {
      out.push({ t: 'minus' });
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        v += input[i];
        i++;
      }
      if (i >= input.length) throw syntaxError('unterminated quoted string');
      i++;
      out.push({ t: 'word', v, quoted: true });
    } else {
      let v = '';
      const stop = inRange ? /[\s()[\]{}"]/ : /[\s:()[\]{}"]/;
      while (i < input.length && !stop.test(input[i] as string)) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        v += input[i];
        i++;
      }
      out.push({ t: 'word', v, quoted: false });
    }
  }
  return out;
}

/**
 * Parses a query string; an empty string matches everything.
 * @throws 400 `invalid_query_string` on bad syntax or a query over the bounds above.
 */
export function parseQuery(input: string): Query {
  if (input.length > MAX_QUERY_LENGTH)
    throw syntaxError(`longer than ${MAX_QUERY_LENGTH} characters`);
  const tokens = tokenize(input);
  const operators = new Set(['AND', 'OR', 'NOT', 'TO']);
  const terms = tokens.filter((t) => t.t === 'word' && (t.quoted || !operators.has(t.v))).length;
  if (terms > MAX_QUERY_CLAUSES) throw syntaxError(`more than ${MAX_QUERY_CLAUSES} terms`);
  let pos = 0;
  let nesting = 0;
  const enter = () => {
    nesting += 1;
    if (nesting > MAX_QUERY_NESTING)
      throw syntaxError(`nested deeper than ${MAX_QUERY_NESTING} levels`);
  };
  const peek = () => tokens[pos];
  const isWord = (tok: Token | undefined, w: string) =>
    tok?.t === 'word' && !tok.quoted && tok.v === w;

  function parseOr(): Query {
    let left = parseAnd();
    while (pos < tokens.length && peek()?.t !== 'rparen') {
      if (isWord(peek(), 'OR')) pos++;
      left = { op: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Query {
    let left = parseUnary();
    while (isWord(peek(), 'AND')) {
      pos++;
      left = { op: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): Query {
    const tok = peek();
    if (!tok) throw syntaxError('unexpected end of query');
    if (tok.t === 'minus' || isWord(tok, 'NOT')) {
      pos++;
      enter();
      const query: Query = { op: 'not', query: parseUnary() };
      nesting -= 1;
      return query;
    }
    if (tok.t === 'lparen') {
      pos++;
      enter();
      const inner = parseOr();
      if (peek()?.t !== 'rparen') throw syntaxError('missing )');
      pos++;
      nesting -= 1;
      return inner;
    }
    if (tok.t !== 'word') throw syntaxError(`unexpected ${tok.t}`);
    pos++;
    if (peek()?.t === 'colon') {
      pos++;
      return { op: 'match', field: tok.v, value: parseValue() };
    }
    return { op: 'match', value: { kind: 'term', text: tok.v, quoted: tok.quoted } };
  }
  function parseValue(): Value {
    const tok = peek();
    if (!tok) throw syntaxError('missing value');
    if (tok.t === 'word') {
      pos++;
      return { kind: 'term', text: tok.v, quoted: tok.quoted };
    }
    if (tok.t === 'lbracket' || tok.t === 'lbrace') {
      pos++;
      const low = tokens[pos];
      const to = tokens[pos + 1];
      const high = tokens[pos + 2];
      const close = tokens[pos + 3];
      if (
        low?.t !== 'word' ||
        !isWord(to, 'TO') ||
        high?.t !== 'word' ||
        (close?.t !== 'rbracket' && close?.t !== 'rbrace')
      ) {
        throw syntaxError('malformed range');
      }
      pos += 4;
      return {
        kind: 'range',
        low: low.v,
        high: high.v,
        lowInclusive: tok.t === 'lbracket',
        highInclusive: close.t === 'rbracket',
      };
    }
    throw syntaxError(`unexpected ${tok.t}`);
  }

  if (tokens.length === 0) return { op: 'all' };
  const q = parseOr();
  if (pos !== tokens.length) throw syntaxError('unexpected )');
  return q;
}

/** Values a document exposes for a field: scalars, arrays (any element may match), or nothing. */
export type FieldGetter<T> = (doc: T, field: string) => unknown;

/** Reads a dotted path through objects and arrays (`identities.connection`, `app_metadata.k`). */
export function dottedGet(doc: unknown, field: string): unknown {
  let values: unknown[] = [doc];
  for (const key of field.split('.')) {
    const next: unknown[] = [];
    for (const v of values) {
      const items: unknown[] = Array.isArray(v) ? (v as unknown[]) : [v];
      for (const item of items) {
        if (item && typeof item === 'object' && Object.hasOwn(item, key))
          next.push((item as Record<string, unknown>)[key]);
      }
    }
    values = next;
  }
  return values.length === 1 ? values[0] : values.length === 0 ? undefined : values.flat();
}

/** A value as a sort key: scalars as text, anything else as JSON. */
export function sortKey(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `*` wildcard match in O(pattern × text) at worst (greedy with one backtrack point, no regular
 * expression: a pattern such as `*a*a*a…b` cannot make it backtrack exponentially).
 */
function wildcardMatch(pattern: string, text: string, caseInsensitive: boolean): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === t[ti]) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

function compare(a: string, b: string): number {
  const da = Date.parse(a);
  const db = Date.parse(b);
  if (!Number.isNaN(da) && !Number.isNaN(db) && /^\d{4}-/.test(a) && /^\d{4}-/.test(b))
    return da - db;
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function scalarMatches(actual: unknown, value: Value, caseInsensitive: boolean): boolean {
  if (actual === undefined || actual === null) return false;
  if (Array.isArray(actual)) return actual.some((a) => scalarMatches(a, value, caseInsensitive));
  if (typeof actual === 'object') return false;
  const text = typeof actual === 'string' ? actual : JSON.stringify(actual);
  if (value.kind === 'range') {
    const lowOk =
      value.low === '*' ||
      (value.lowInclusive ? compare(text, value.low) >= 0 : compare(text, value.low) > 0);
    const highOk =
      value.high === '*' ||
      (value.highInclusive ? compare(text, value.high) <= 0 : compare(text, value.high) < 0);
    return lowOk && highOk;
  }
  if (!value.quoted && value.text === '*') return true;
  if (!value.quoted && value.text.includes('*'))
    return wildcardMatch(value.text, text, caseInsensitive);
  return caseInsensitive ? text.toLowerCase() === value.text.toLowerCase() : text === value.text;
}

export interface MatchOptions<T> {
  get: FieldGetter<T>;
  /** Fields a bare term (no `field:`) is matched against. */
  defaultFields: readonly string[];
  /** Fields compared case-insensitively (e.g. `email`, stored lower-case). */
  caseInsensitive?: readonly string[];
}

/** Evaluates a parsed query against one document. */
export function matches<T>(query: Query, doc: T, options: MatchOptions<T>): boolean {
  switch (query.op) {
    case 'all':
      return true;
    case 'and':
      return matches(query.left, doc, options) && matches(query.right, doc, options);
    case 'or':
      return matches(query.left, doc, options) || matches(query.right, doc, options);
    case 'not':
      return !matches(query.query, doc, options);
    case 'match': {
      const fields = query.field ? [query.field] : options.defaultFields;
      return fields.some((f) => {
        if (query.field === '_exists_' && query.value.kind === 'term') {
          const v = options.get(doc, query.value.text);
          return v !== undefined && v !== null;
        }
        return scalarMatches(
          options.get(doc, f),
          query.value,
          options.caseInsensitive?.includes(f) ?? false,
        );
      });
    }
  }
}
