/**
 * Settings that would destroy data are refused: the results folder is emptied only when it is
 * a results folder (helpers/config/results-dir.ts). `ALLURE_RESULTS_DIR=. npm run e2e` once deleted a
 * whole checkout, `.git` and `.env` included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { prepareResultsDir, ResultsDirError } from '../helpers/config/results-dir.ts';

const UUID = '0f8e3a1c-5b7d-4e2f-9a6b-1c2d3e4f5a6b';

function fakeProject(): string {
  const root = mkdtempSync(join(resolve('.tmp'), 'project-'));
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.env'), 'E2E_TARGET=emulator\n');
  mkdirSync(join(root, 'helpers'));
  writeFileSync(join(root, 'helpers', 'env.ts'), 'export {};\n');
  return root;
}

test.describe('the results folder', () => {
  test('should refuse the project itself, its source folders and folders outside it', () => {
    const root = fakeProject();
    for (const dir of ['.', 'helpers', '.git', '..', '/', '/opt/elsewhere-not-results']) {
      expect(() => prepareResultsDir(dir, root), dir).toThrow(ResultsDirError);
    }
    expect(readdirSync(root).sort()).toEqual(['.env', '.git', 'helpers']);
  });

  test('should refuse a folder holding anything allure-playwright did not write, naming it', () => {
    const root = fakeProject();
    const results = join(root, 'allure-results');
    mkdirSync(results);
    writeFileSync(join(results, `${UUID}-result.json`), '{}');
    writeFileSync(join(results, 'notes.txt'), 'mine');
    expect(() => prepareResultsDir('allure-results', root)).toThrow(/notes\.txt/);
    expect(readdirSync(results).sort()).toEqual([`${UUID}-result.json`, 'notes.txt']);
  });

  test('should empty a folder of Allure results, and create a missing one', () => {
    const root = fakeProject();
    const results = join(root, 'allure-results');
    mkdirSync(results);
    for (const f of [
      `${UUID}-result.json`,
      `${UUID}-container.json`,
      `${UUID}-attachment.png`,
      `${UUID}-globals.json`,
      'environment.properties',
      'categories.json',
    ]) {
      writeFileSync(join(results, f), 'x');
    }
    expect(prepareResultsDir('allure-results', root)).toBe(results);
    expect(readdirSync(results)).toEqual([]);
    prepareResultsDir('out/new-results', root);
    expect(existsSync(join(root, 'out', 'new-results'))).toBe(true);
  });

  test('should stop `ALLURE_RESULTS_DIR=. npm run e2e` before it touches anything', () => {
    // The real script, run in a stand-in checkout (.git, .env, sources): if it deleted its
    // working folder, this is what would go.
    const project = fakeProject();
    const before = readdirSync(project).sort();
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/e2e.ts')], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, ALLURE_RESULTS_DIR: '.' },
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/ALLURE_RESULTS_DIR="\."/);
    expect(readdirSync(project).sort()).toEqual(before);
  });
});
