/**
 * @module emulator/management/guardian
 * Guardian factors and MFA policies:
 * https://auth0.com/docs/api/management/v2/guardian/get-factors,
 * https://auth0.com/docs/api/management/v2/guardian/put-factors-by-name,
 * https://auth0.com/docs/api/management/v2/guardian/get-policies.
 */
import { FACTOR_NAMES, type FactorName } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';

const POLICIES = ['all-applications', 'confidence-score'] as const;

function listFactors(req: ApiRequest) {
  return {
    body: FACTOR_NAMES.map((name) => ({ name, enabled: req.context.tenant.isFactorEnabled(name) })),
  };
}

function setFactor(req: ApiRequest) {
  const name = req.params.name as string;
  const enabled = (req.body as { enabled: boolean }).enabled;
  req.context.tenant.factors.set(name as FactorName, { enabled });
  return { body: { enabled } };
}

function getPolicies(req: ApiRequest) {
  return { body: [...req.context.tenant.guardianPolicies] };
}

function setPolicies(req: ApiRequest) {
  const policies = req.body as string[];
  req.context.tenant.guardianPolicies = [...new Set(policies)];
  return { body: [...req.context.tenant.guardianPolicies] };
}

export function guardianRoutes(api: ApiMount): void {
  api
    .add('GET', 'guardian/factors', { scopes: ['read:guardian_factors'], handler: listFactors })
    .add('PUT', 'guardian/factors/:name', {
      scopes: ['update:guardian_factors'],
      // Path parameter enum, checked before the body ("Path validation error").
      params: { name: { type: 'string', enum: FACTOR_NAMES } },
      body: {
        kind: 'object',
        spec: { required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
      },
      description: 'Update a Multi-factor Authentication Factor',
      handler: setFactor,
    })
    .add('GET', 'guardian/policies', { scopes: ['read:mfa_policies'], handler: getPolicies })
    .add('PUT', 'guardian/policies', {
      scopes: ['update:mfa_policies'],
      body: { kind: 'array', items: { type: 'string', enum: POLICIES } },
      description: 'Set the Multi-factor Authentication Policies',
      handler: setPolicies,
    });
}
