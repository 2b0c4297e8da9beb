/**
 * @module helpers/config/results-dir
 * Empties the Allure results folder before a run — and never anything else. A results folder
 * is emptied only when it is inside the project (or the system's temporary folder), is not the
 * project itself or one of its source, VCS or dependency folders, and holds nothing but what
 * allure-playwright writes. Otherwise the run stops and names what it found: a mistyped
 * `ALLURE_RESULTS_DIR=.` must not delete a checkout.
 */
import { lstatSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { relative, resolve, sep } from 'node:path';

/** Files allure-playwright writes into its results folder. */
const ALLURE_FILE =
  /^(?:[0-9a-f-]{36}-(?:result|container|globals)\.json|[0-9a-f-]{36}-attachment(?:\.[\w.+-]+)?|environment\.properties|categories\.json|executor\.json)$/;

/** Top-level project folders a results folder may never be, or be inside of. */
const PROTECTED = new Set([
  '.git',
  '.github',
  '.ci',
  'node_modules',
  'actions',
  'docs',
  'e2e',
  'emulator',
  'fixtures',
  'helpers',
  'scripts',
  'test-app',
  'tests',
]);

export class ResultsDirError extends Error {
  override name = 'ResultsDirError';
}

const inside = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..';
};

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * Makes `dir` an empty results folder, creating it if needed.
 * @throws ResultsDirError when `dir` is not a place for results or holds anything else.
 */
export function prepareResultsDir(dir: string, projectRoot: string): string {
  const target = resolve(projectRoot, dir);
  const root = real(resolve(projectRoot));
  const where = real(target);
  const inProject = inside(root, where);
  const inTmp = inside(real(tmpdir()), where);
  if (!inProject && !inTmp) {
    throw new ResultsDirError(
      `ALLURE_RESULTS_DIR="${dir}" resolves to ${target}, outside the project and the temporary folder: refusing to empty it. Use a folder inside the project, e.g. allure-results.`,
    );
  }
  if (inProject) {
    const top = relative(root, where).split(sep)[0] ?? '';
    if (PROTECTED.has(top)) {
      throw new ResultsDirError(
        `ALLURE_RESULTS_DIR="${dir}" is inside the project's ${top}/ folder: refusing to empty it. Use a folder of its own, e.g. allure-results.`,
      );
    }
  }
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch {
    mkdirSync(target, { recursive: true });
    return target;
  }
  const foreign = entries.filter(
    (name) => !ALLURE_FILE.test(name) || !lstatSync(resolve(target, name)).isFile(),
  );
  if (foreign.length > 0) {
    throw new ResultsDirError(
      `ALLURE_RESULTS_DIR="${dir}" (${target}) holds ${foreign.length} entr${foreign.length === 1 ? 'y' : 'ies'} the harness did not write (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}): refusing to empty it. Point ALLURE_RESULTS_DIR at a folder of its own.`,
    );
  }
  for (const name of entries) rmSync(resolve(target, name));
  return target;
}
