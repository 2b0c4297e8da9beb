/**
 * @module emulator/testing/import-graph
 * The import graph of a source folder, for `emulator/architecture.test.ts`: every relative
 * `import … from`, `import type … from`, `export … from` and side-effect `import '…'` of every
 * `.ts` file (tests included), and the cycles in it. A small parser over import statements is
 * enough here: the emulator imports with explicit `.ts` extensions (tsconfig
 * `allowImportingTsExtensions`), so a specifier resolves to exactly one file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** file → the files it imports (paths relative to the graph's root, `/`-separated). */
export type ImportGraph = Map<string, string[]>;

/**
 * `import`/`export` statements with a module specifier, across lines (multi-line import lists),
 * type-only ones included: `[^;]*?` stops at the statement's end.
 */
const FROM = /(?:^|[\n;])\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/g;
/** `import './x.ts'` (side effects only). */
const BARE = /(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g;

/**
 * The module specifiers a source text imports, relative ones and packages alike. Comments need
 * no stripping: a statement must start a line (or follow `;`), and comment lines start with `*`
 * or `//`.
 */
export function specifiersOf(source: string): string[] {
  const out: string[] = [];
  for (const re of [FROM, BARE]) {
    for (const m of source.matchAll(re)) if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Builds the graph of every `.ts` file under `root`; edges to files outside `root` are dropped. */
export function importGraph(root: string): ImportGraph {
  const base = resolve(root);
  const key = (abs: string) => relative(base, abs).split(sep).join('/');
  const graph: ImportGraph = new Map();
  for (const file of tsFiles(base).sort()) {
    const targets = specifiersOf(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('./') || s.startsWith('../'))
      .map((s) => resolve(dirname(file), s))
      .filter((abs) => abs.startsWith(base + sep))
      .map(key);
    graph.set(key(file), [...new Set(targets)]);
  }
  return graph;
}

/** Files that import each other in a circle, and one cycle through them. */
export interface ImportCycle {
  /** Every file of the strongly connected component, sorted. */
  files: string[];
  /** One cycle through the component's first file: `a → b → … → a`. */
  cycle: string[];
}

/**
 * The import cycles of a graph: one per strongly connected component with more than one file
 * (or a file importing itself), found with Tarjan's algorithm (https://doi.org/10.1137/0201010).
 */
export function findCycles(graph: ImportGraph): ImportCycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const selfLoop = (graph.get(v) ?? []).includes(v);
    if (component.length > 1 || selfLoop) components.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((c) => ({ files: [...c].sort(), cycle: cycleThrough(graph, new Set(c)) }));
}

/** One cycle inside a strongly connected component, by a depth-first walk from its first file. */
function cycleThrough(graph: ImportGraph, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0] as string;
  const path: string[] = [start];
  const seen = new Set<string>([start]);
  const walk = (v: string): boolean => {
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        path.push(start);
        return true;
      }
      if (seen.has(w)) continue;
      seen.add(w);
      path.push(w);
      if (walk(w)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

/** A cycle as a readable line: the path, and how many files share the circle. */
export function describeCycle(c: ImportCycle): string {
  const others = c.files.filter((f) => !c.cycle.includes(f));
  return `${c.cycle.join(' → ')}${others.length ? ` (and ${others.length} more files in the same circle: ${others.join(', ')})` : ''}`;
}
