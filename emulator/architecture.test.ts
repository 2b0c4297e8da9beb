/**
 * The emulator's architecture rules, checked on its sources (architecture-review.md §2, §6.1):
 * - no import cycle anywhere in `emulator/` (type imports included);
 * - only the flow engine (`emulator/flow/`) changes a login transaction; everyone else uses its
 *   intent methods, and the engine knows nothing of Universal Login (prompts, not paths);
 * - each Universal Login path is written once, in its screen.
 * The parser, the cycle finder and the write pattern are checked on known inputs first.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import {
  describeCycle,
  findCycles,
  importGraph,
  specifiersOf,
  type ImportGraph,
} from './testing/import-graph.ts';

const ROOT = new URL('.', import.meta.url).pathname;

test.describe('Emulator architecture: import graph', () => {
  test('should read type-only, multi-line, re-export and side-effect imports', () => {
    const source = [
      "import type { A } from './a.ts';",
      'import {',
      '  b,',
      '  type C,',
      "} from '../b.ts';",
      "export { d } from './d.ts';",
      "import './e.ts';",
      ' * import x from "./not-a-comment-import.ts" is prose in a comment',
      "const s = Array.from('abc');",
    ].join('\n');
    expect(specifiersOf(source)).toEqual(['./a.ts', '../b.ts', './d.ts', './e.ts']);
  });

  test('should find a cycle and name every file on it', () => {
    const graph: ImportGraph = new Map([
      ['app.ts', ['login/routes.ts', 'context.ts']],
      ['login/routes.ts', ['login/screen.ts']],
      ['login/screen.ts', ['app.ts']],
      ['context.ts', []],
      ['self.ts', ['self.ts']],
    ]);
    const cycles = findCycles(graph);
    expect(cycles.map((c) => c.cycle)).toEqual([
      ['app.ts', 'login/routes.ts', 'login/screen.ts', 'app.ts'],
      ['self.ts', 'self.ts'],
    ]);
    expect(cycles[0]?.files).toEqual(['app.ts', 'login/routes.ts', 'login/screen.ts']);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  test('should have no import cycle in emulator/ (type imports included)', () => {
    const graph = importGraph(ROOT);
    expect(graph.size).toBeGreaterThan(100);
    const cycles = findCycles(graph).map(describeCycle);
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });
});

/** Every `.ts` file under `emulator/` with its text, paths relative to `emulator/`. */
function sources(): { file: string; text: string }[] {
  return [...importGraph(ROOT).keys()].map((file) => ({
    file,
    text: readFileSync(new URL(file, new URL('.', import.meta.url)), 'utf8'),
  }));
}

/** A write to transaction state (architecture-review.md §2 "The transaction has no owner"). */
const TX_WRITE = /(tx|r\.tx)\.(flow\.[a-zA-Z]+|prompt|capabilities|identifier)[a-zA-Z.]* *=[^=]/;
const inEngine = (file: string) => file.startsWith('flow/');
/** This file quotes the patterns it looks for. */
const SELF = 'architecture.test.ts';

test.describe('Emulator architecture: only the flow engine changes a login transaction', () => {
  test('should recognise a direct write to transaction state', () => {
    expect(TX_WRITE.test("r.tx.flow.phase = 'done';")).toBe(true);
    expect(TX_WRITE.test('prompt.selected = x; tx.prompt.selected = choice;')).toBe(true);
    expect(TX_WRITE.test('if (tx.prompt === undefined) return;')).toBe(false);
  });

  test('should find no direct write to transaction state outside emulator/flow/', () => {
    const writes = sources()
      .filter(({ file }) => !inEngine(file) && file !== SELF)
      .flatMap(({ file, text }) =>
        text
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => TX_WRITE.test(line))
          .map(({ line, at }) => `${at}: ${line.trim()}`),
      );
    expect(writes, 'use the transaction intent methods instead').toEqual([]);
  });

  test('should hand the writable state (engineState) to emulator/flow/ only', () => {
    const users = sources()
      .filter(
        ({ file, text }) => !inEngine(file) && /import[^;]*\bengineState\b[^;]*from/.test(text),
      )
      .map(({ file }) => file);
    expect(users).toEqual([]);
  });

  test('should keep the engine free of Universal Login: flow/ imports nothing from login/', () => {
    const edges = [...importGraph(ROOT)]
      .filter(([file]) => inEngine(file))
      .flatMap(([file, targets]) => targets.map((t) => `${file} → ${t}`))
      .filter((edge) => edge.includes('→ login/'));
    expect(edges).toEqual([]);
  });

  test('should declare each Universal Login path once, in its screen, and none in the engine', () => {
    // oidc/interaction.ts builds the first screen's URL for oidc-provider's `interactions.url`;
    // it cannot import the screens (they import it), so it keeps its own copy of two paths.
    const EXEMPT = ['oidc/interaction.ts'];
    const seen = new Map<string, string[]>();
    for (const { file, text } of sources()) {
      if (file.endsWith('.test.ts') || file.startsWith('testing/') || EXEMPT.includes(file)) {
        continue;
      }
      for (const [i, line] of text.split('\n').entries()) {
        if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue;
        for (const m of line.matchAll(/['"`](\/u\/[a-z/-]+)/g)) {
          const path = m[1] as string;
          seen.set(path, [...(seen.get(path) ?? []), `${file}:${i + 1}`]);
        }
      }
    }
    const copies = [...seen].filter(([, at]) => at.length > 1 || at.some(inEngine));
    expect(copies).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });
});
