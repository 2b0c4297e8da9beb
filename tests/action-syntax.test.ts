/**
 * The deployment's local checks of the Actions it deploys: a file that does not parse stops the
 * run before the tenant is touched, naming the file, the line and the parser's message; a build
 * the tenant fails anyway names the Action and its file (reliability audit §2(c)).
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import type { ManagementClient } from 'auth0';
import { test, expect } from '@playwright/test';
import { assertActionsParse } from '../fixtures/deployment.ts';
import {
  ActionBuildError,
  actionSyntaxError,
  waitForActionBuilt,
} from '../helpers/tenant/management.ts';
import { TenantNotReadyError } from '../helpers/tenant/readiness.ts';

const BROKEN = `exports.onExecutePostLogin = async (event, api) => {\n  const enrolled = ;\n};\n`;

test.describe('actionSyntaxError (helpers/tenant/management)', () => {
  test('should name the file, the line and the parser message of a syntax error', () => {
    expect(actionSyntaxError('broken.js', BROKEN)).toBe(
      "actions/broken.js:2: SyntaxError: Unexpected token ';'",
    );
    expect(actionSyntaxError('unclosed.js', 'exports.a = () => {\n\n')).toBe(
      'actions/unclosed.js:3: SyntaxError: Unexpected end of input',
    );
  });

  test('should parse as CommonJS, as Node runs the Action, without running it', () => {
    expect(actionSyntaxError('cjs.js', 'if (!exports) return;\nmodule.exports = {};')).toBe(
      undefined,
    );
    expect(actionSyntaxError('throws.js', "throw new Error('ran');")).toBe(undefined);
    expect(actionSyntaxError('esm.js', "import x from 'x';")).toMatch(
      /^actions\/esm\.js:1: SyntaxError: Cannot use import statement outside a module$/,
    );
  });

  test('should accept every Action the repository deploys', () => {
    const dir = new URL('../actions/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(actionSyntaxError(file, readFileSync(new URL(file, dir), 'utf8'))).toBe(undefined);
    }
  });
});

test.describe('the example Deploy CLI configuration (tenant-config/example)', () => {
  test('should bind the repository’s own Action, one source, not a copy', () => {
    // A link, not `code: ../../actions/…`: the Deploy CLI warns that a path outside the
    // configuration's folder will be refused (auth0-deploy-cli lib/context/yaml loadFile).
    const example = new URL(
      '../tenant-config/example/actions/Biometric enrollment/code.js',
      import.meta.url,
    );
    const source = new URL('../actions/biometric-enrollment.js', import.meta.url);
    expect(realpathSync(example)).toBe(realpathSync(source));
    expect(readFileSync(example, 'utf8')).toBe(readFileSync(source, 'utf8'));
  });
});

test.describe('assertActionsParse (fixtures/deployment)', () => {
  test('should stop with "tenant not ready" naming the first file that does not parse', () => {
    const sources = [
      { file: 'fine.js', code: 'exports.onExecutePostLogin = async () => {};' },
      { file: 'broken.js', code: BROKEN },
    ];
    expect(() => assertActionsParse(sources)).toThrow(TenantNotReadyError);
    expect(() => assertActionsParse(sources)).toThrow(
      "tenant not ready: actions/broken.js:2: SyntaxError: Unexpected token ';'",
    );
    expect(() => assertActionsParse(sources.slice(0, 1))).not.toThrow();
  });
});

test.describe('waitForActionBuilt (helpers/tenant/management)', () => {
  /** A client whose `actions.get` answers `status` for an Action named `name`. */
  const tenantAnswering = (status: string, name = 'Biometric enrollment (e2e)') =>
    ({
      actions: {
        get: () => ({
          withRawResponse: () =>
            Promise.resolve({
              data: { id: 'act_1', name, status },
              rawResponse: { headers: new Headers() },
            }),
        }),
      },
    }) as unknown as ManagementClient;

  test('should name the Action and its file when the tenant fails the build', async () => {
    const err = await waitForActionBuilt(tenantAnswering('failed'), 'act_1', {
      source: 'biometric-enrollment.js',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionBuildError);
    expect((err as Error).message).toBe(
      'Action "Biometric enrollment (e2e)" (actions/biometric-enrollment.js, id act_1) failed to build (status "failed")',
    );
  });

  test('should name them too when the build does not finish in time', async () => {
    const err = await waitForActionBuilt(tenantAnswering('building'), 'act_1', {
      source: 'biometric-enrollment.js',
      timeoutMs: 0,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Action "Biometric enrollment (e2e)" (actions/biometric-enrollment.js, id act_1) was not built within 0 s (status "building")',
    );
  });
});
