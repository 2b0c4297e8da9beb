/**
 * The wall between harness and tenant, enforced (design.md "Parts"): the harness reaches a
 * tenant only over HTTP, so ESLint refuses an import of the embedded tenant's code in every
 * harness folder — shown on a deliberate import in each — and the tree as it stands has none.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { test, expect } from '@playwright/test';

const FOLDERS = ['e2e', 'fixtures', 'helpers', 'scripts', 'test-app'];
const PROBE =
  "import { startEmulator } from '../emulator/app.ts';\nexport const probe = startEmulator;\n";

test.describe('the harness/tenant wall', () => {
  test('should refuse a deliberate emulator/ import in every harness folder, and find none else', async () => {
    test.setTimeout(60_000);
    // Real files: typed linting only sees files on disk. Removed whatever happens.
    const probes = FOLDERS.map((f) => `${f}/wall-probe-${process.pid}.ts`);
    try {
      for (const p of probes) writeFileSync(p, PROBE);
      // The repo's own configuration (its file globs and the WALL pattern), with only the rule
      // under test run and without type information, which that rule does not need: the
      // type-checked lint of five folders took most of this test (`npm run lint` still runs it).
      const eslint = new ESLint({
        ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
        overrideConfig: {
          languageOptions: { parserOptions: { projectService: false, project: false } },
        },
      });
      const results = await eslint.lintFiles(FOLDERS);
      const crossings = results.flatMap((r) =>
        r.messages
          .filter((m) => m.ruleId === 'no-restricted-imports')
          .map((m) => ({ file: r.filePath, message: m.message })),
      );
      for (const p of probes) {
        expect(
          crossings.filter((c) => c.file.endsWith(p)).map((c) => c.message),
          p,
        ).toEqual([expect.stringContaining('The harness reaches a tenant only over HTTP')]);
      }
      expect(crossings.filter((c) => !probes.some((p) => c.file.endsWith(p)))).toEqual([]);
    } finally {
      for (const p of probes) rmSync(p, { force: true });
    }
  });
});
