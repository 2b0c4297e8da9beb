/**
 * Tenant requirements are declared once (helpers/tenant/requirements.ts) and everything that
 * states them agrees: the README's scope table names exactly the scopes the harness's calls
 * need, and the embedded tenant's seeded M2M application is granted every one of them (so the
 * emulator target cannot pass with a scope a live tenant would refuse to the harness).
 */
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { MGMT_SCOPES } from '../emulator/config.ts';
import { REQUIRED_SCOPES } from '../helpers/tenant/requirements.ts';

/** The scopes written in backticks in the README's "| scope | used by |" table. */
function readmeScopes(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('| scope | used by |');
  expect(start, 'the README has a scope table').toBeGreaterThan(0);
  const rows = readme.slice(start).split('\n').slice(2);
  rows.splice(rows.findIndex((l) => !l.trim().startsWith('|')));
  const cells = rows.map((r) => r.split('|')[1] ?? '');
  return cells.flatMap((c) => [...c.matchAll(/`([a-z_]+:[a-z_]+)`/g)].map((m) => m[1] as string));
}

test.describe('tenant requirements, declared once', () => {
  test('should list exactly the required scopes in the README table', () => {
    const declared = new Set(REQUIRED_SCOPES.flatMap((n) => [...n.anyOf]));
    expect(new Set(readmeScopes())).toEqual(declared);
  });

  test("should grant every required scope to the embedded tenant's M2M application", () => {
    const granted: readonly string[] = MGMT_SCOPES;
    const missing = REQUIRED_SCOPES.filter((n) => !n.anyOf.some((s) => granted.includes(s)));
    expect(missing.map((n) => n.anyOf.join(' or '))).toEqual([]);
  });
});
