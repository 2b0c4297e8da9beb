/**
 * @module emulator/management/guardian
 * Guardian factors and MFA policies:
 * https://auth0.com/docs/api/management/v2/guardian/get-factors,
 * https://auth0.com/docs/api/management/v2/guardian/put-factors-by-name,
 * https://auth0.com/docs/api/management/v2/guardian/get-policies.
 */
import { badRequest } from '../http/errors.ts';
import { FACTOR_NAMES, type FactorName } from '../tenant/store.ts';
import type { ApiRequest, ApiRoutes } from './api.ts';
import { validateArray, validateObject } from './validate.ts';

const POLICIES = ['all-applications', 'confidence-score'] as const;

function listFactors(req: ApiRequest) {
  return {
    body: FACTOR_NAMES.map((name) => ({ name, enabled: req.context.tenant.isFactorEnabled(name) })),
  };
}

async function setFactor(req: ApiRequest) {
  const name = req.params.name as string;
  // Path parameter enum check, hapi/Auth0 "Path validation error" wording.
  if (!(FACTOR_NAMES as readonly string[]).includes(name)) {
    throw badRequest(
      `Path validation error: 'No enum match for: "${name}"' on property name.`,
      'invalid_uri',
    );
  }
  const body = validateObject(await req.body(), {
    required: ['enabled'],
    properties: { enabled: { type: 'boolean' } },
  });
  const enabled = body.enabled as boolean;
  req.context.tenant.factors.set(name as FactorName, { enabled });
  return { body: { enabled } };
}

function getPolicies(req: ApiRequest) {
  return { body: [...req.context.tenant.guardianPolicies] };
}

async function setPolicies(req: ApiRequest) {
  const policies = validateArray(await req.body(), { type: 'string', enum: POLICIES }) as string[];
  req.context.tenant.guardianPolicies = [...new Set(policies)];
  return { body: [...req.context.tenant.guardianPolicies] };
}

export function guardianRoutes(api: ApiRoutes): void {
  api
    .add('GET', 'guardian/factors', ['read:guardian_factors'], listFactors)
    .add(
      'PUT',
      'guardian/factors/:name',
      ['update:guardian_factors'],
      setFactor,
      'Update a Multi-factor Authentication Factor',
    )
    .add('GET', 'guardian/policies', ['read:mfa_policies'], getPolicies)
    .add(
      'PUT',
      'guardian/policies',
      ['update:mfa_policies'],
      setPolicies,
      'Set the Multi-factor Authentication Policies',
    );
}
