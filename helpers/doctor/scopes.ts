/**
 * @module helpers/doctor/run-doctor/scopes
 * The Management API scopes the harness needs, taken from its calls, and the check of a
 * token's `scope` claim against them.
 */
import { decodeJwt } from 'jose';
import { REQUIRED_SCOPES, type ScopeNeed } from '../tenant/requirements.ts';
import type { Check } from './check.ts';

export { REQUIRED_SCOPES, type ScopeNeed } from '../tenant/requirements.ts';

const M2M_FIX =
  'Dashboard › Applications › APIs › Auth0 Management API › Machine To Machine Applications › your M2M app › grant';

/** The `scope` claim of a Management API access token, split on spaces. */
export function scopesOfToken(accessToken: string): string[] {
  const { scope } = decodeJwt(accessToken);
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** Required scopes missing from `granted` (✗), then optional ones (!). */
export function checkScopes(
  granted: readonly string[],
  needs: readonly ScopeNeed[] = REQUIRED_SCOPES,
): Check[] {
  const has = (n: ScopeNeed) => n.anyOf.some((s) => granted.includes(s));
  const missing = needs.filter((n) => !n.optional && !has(n));
  const missingOptional = needs.filter((n) => n.optional && !has(n));
  const label = (n: ScopeNeed) => `${n.anyOf.join(' or ')} (${n.usedBy})`;
  const checks: Check[] = [
    missing.length === 0
      ? {
          status: 'pass',
          title: 'M2M application scopes',
          detail: `all ${needs.filter((n) => !n.optional).length} required scopes granted`,
        }
      : {
          status: 'fail',
          title: 'M2M application scopes',
          detail: `missing: ${missing.map(label).join('; ')}`,
          fix: `${M2M_FIX} ${missing.map((n) => n.anyOf[0]).join(' ')}`,
        },
  ];
  if (missingOptional.length > 0) {
    checks.push({
      status: 'warn',
      title: 'M2M application optional scopes',
      detail: `not granted: ${missingOptional.map(label).join('; ')}`,
      fix: `${M2M_FIX} ${missingOptional.map((n) => n.anyOf[0]).join(' ')} so that the doctor can check more`,
    });
  }
  return checks;
}
