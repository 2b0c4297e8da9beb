// One linter for the repo: typescript-eslint with type information, so that floating
// promises (an un-awaited page action or API call) are errors, as Playwright's best practices ask.
import tseslint from 'typescript-eslint';

/** Harness code never imports the embedded tenant (see the wall below). */
const WALL = {
  regex: '(^|/)emulator(/|$)',
  message:
    'The harness reaches a tenant only over HTTP: do not import the embedded tenant (start it with helpers/tenant/embedded-tenant.ts).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.tmp/**',
      'allure-results/**',
      'allure-report/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The emulator is a separate program: it must not import the harness.
    files: ['emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '../helpers/*',
            '../../helpers/*',
            '../fixtures/*',
            '../../fixtures/*',
            '../e2e/*',
          ],
        },
      ],
    },
  },
  {
    // The wall (design.md "Parts"): the harness reaches a tenant only over HTTP. It may START
    // the embedded tenant as a program (helpers/tenant/embedded-tenant.ts spawns emulator/main.ts),
    // never import its code — a harness that calls the emulator in-process proves nothing
    // about a live tenant.
    files: [
      'e2e/**/*.ts',
      'fixtures/**/*.ts',
      'helpers/**/*.ts',
      'scripts/**/*.ts',
      'test-app/**/*.ts',
      '*.config.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [WALL],
        },
      ],
    },
  },
  {
    // Specs get `test` and `expect` from fixtures/, never from @playwright/test directly.
    files: ['e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['@playwright/test'], patterns: [WALL] }],
    },
  },
  {
    // The Action under test is plain JavaScript exactly as pasted into Auth0.
    files: ['actions/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { exports: 'writable', require: 'readonly', console: 'readonly' },
    },
  },
);
