/**
 * @module emulator/management/bindings
 * Triggers and trigger bindings:
 * https://auth0.com/docs/api/management/v2/actions/get-triggers,
 * https://auth0.com/docs/api/management/v2/actions/patch-bindings. A PATCH replaces all of a
 * trigger's bindings, in the order given (auth0-behaviour.md §3.2).
 */
import { badRequest, notFound } from '../http/errors.ts';
import { newUuid } from '../tenant/ids.ts';
import type { ActionRecord, BindingRecord, Tenant } from '../tenant/store.ts';
import type { ApiMount, ApiRequest } from './api.ts';
import { Q } from './query.ts';
import { serializeBinding } from './serialize.ts';
import { validateObject, type ObjectSpec } from './validate.ts';

/** Auth0's current trigger versions (ActionTrigger). Only post-login is executed here. */
export const TRIGGERS = [
  {
    id: 'post-login',
    version: 'v3',
    status: 'CURRENT',
    runtimes: ['node18', 'node22'],
    default_runtime: 'node22',
    binding_policy: 'trigger-bound',
  },
  {
    id: 'credentials-exchange',
    version: 'v2',
    status: 'CURRENT',
    runtimes: ['node18', 'node22'],
    default_runtime: 'node22',
    binding_policy: 'trigger-bound',
  },
  {
    id: 'pre-user-registration',
    version: 'v2',
    status: 'CURRENT',
    runtimes: ['node18', 'node22'],
    default_runtime: 'node22',
    binding_policy: 'trigger-bound',
  },
  {
    id: 'post-user-registration',
    version: 'v2',
    status: 'CURRENT',
    runtimes: ['node18', 'node22'],
    default_runtime: 'node22',
    binding_policy: 'trigger-bound',
  },
  {
    id: 'post-change-password',
    version: 'v2',
    status: 'CURRENT',
    runtimes: ['node18', 'node22'],
    default_runtime: 'node22',
    binding_policy: 'trigger-bound',
  },
  {
    id: 'send-phone-message',
    version: 'v2',
    status: 'CURRENT',
    runtimes: ['node18', 'node22'],
    default_runtime: 'node22',
    binding_policy: 'trigger-bound',
  },
] as const;

// Wording unconfirmed.
const triggerNotFound = (id: string) =>
  notFound(`Trigger '${id}' not found.`, 'inexistent_trigger');

function knownTrigger(id: string): (typeof TRIGGERS)[number] {
  const trigger = TRIGGERS.find((t) => t.id === id);
  if (!trigger) throw triggerNotFound(id);
  return trigger;
}

function listTriggers() {
  return { body: { triggers: TRIGGERS.map((t) => ({ ...t, runtimes: [...t.runtimes] })) } };
}

function bindingsOf(
  tenant: Tenant,
  triggerId: string,
): { binding: BindingRecord; action: ActionRecord }[] {
  return tenant.bindings
    .filter((b) => b.trigger_id === triggerId)
    .flatMap((binding) => {
      const action = tenant.actions.get(binding.action_id);
      return action ? [{ binding, action }] : [];
    });
}

function list(req: ApiRequest) {
  const trigger = knownTrigger(req.params.triggerId as string);
  const page = req.query.int('page', 0);
  const perPage = req.query.int('per_page', 50);
  const all = bindingsOf(req.context.tenant, trigger.id);
  const bindings = all
    .slice(page * perPage, page * perPage + perPage)
    .map(({ binding, action }) => serializeBinding(binding, action));
  return { body: { bindings, total: all.length, page, per_page: perPage } };
}

/** UpdateActionBindingsRequestContent. */
const UPDATE: ObjectSpec = {
  properties: { bindings: { type: 'array', items: { type: 'object' } } },
};

function update(req: ApiRequest) {
  const tenant = req.context.tenant;
  const trigger = knownTrigger(req.params.triggerId as string);
  const body = req.body as Record<string, unknown>;
  const entries = (body.bindings as unknown[] | undefined) ?? [];
  if (trigger.id !== 'post-login' && entries.length > 0) {
    // Emulator limit: only post-login Actions run here.
    throw badRequest(
      `The emulator only runs post-login Actions; cannot bind to '${trigger.id}'.`,
      'unsupported_trigger',
    );
  }
  const now = new Date().toISOString();
  const resolved = entries.map((raw, i) => {
    const entry = validateObject(raw, {
      required: ['ref'],
      properties: {
        ref: { type: 'object' },
        display_name: { type: 'string' },
        secrets: { type: 'array' },
      },
    });
    const ref = validateObject(entry.ref, {
      required: ['type', 'value'],
      properties: {
        type: { type: 'string', enum: ['action_id', 'action_name', 'binding_id'] },
        value: { type: 'string', minLength: 1 },
      },
    });
    const value = ref.value as string;
    let action: ActionRecord | undefined;
    let existing: BindingRecord | undefined;
    if (ref.type === 'action_id') action = tenant.actions.get(value);
    else if (ref.type === 'action_name')
      action = [...tenant.actions.values()].find((a) => a.name === value);
    else {
      existing = tenant.bindings.find((b) => b.id === value && b.trigger_id === trigger.id);
      action = existing ? tenant.actions.get(existing.action_id) : undefined;
    }
    // Wordings below are unconfirmed (auth0-behaviour.md §3.2: binding a never-deployed action fails).
    if (!action)
      throw badRequest(
        `bindings[${i}]: no action matches ${String(ref.type)} '${value}'.`,
        'invalid_binding',
      );
    if (!action.supported_triggers.some((t) => t.id === trigger.id)) {
      throw badRequest(
        `Action '${action.name}' does not support the '${trigger.id}' trigger.`,
        'invalid_binding',
      );
    }
    if (!action.deployed_version_id) {
      throw badRequest(
        `Action '${action.name}' has not been deployed. Deploy the action before binding it to a trigger.`,
        'invalid_binding',
      );
    }
    const binding: BindingRecord = {
      id: existing?.id ?? newUuid(),
      trigger_id: 'post-login',
      action_id: action.id,
      display_name:
        typeof entry.display_name === 'string'
          ? entry.display_name
          : (existing?.display_name ?? action.name),
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    return { binding, action };
  });
  tenant.bindings = [
    ...tenant.bindings.filter((b) => b.trigger_id !== trigger.id),
    ...resolved.map((r) => r.binding),
  ];
  return {
    body: { bindings: resolved.map(({ binding, action }) => serializeBinding(binding, action)) },
  };
}

export function bindingRoutes(api: ApiMount): void {
  api
    .add('GET', 'actions/triggers', { scopes: ['read:actions'], handler: listTriggers })
    .add('GET', 'actions/triggers/:triggerId/bindings', {
      scopes: ['read:actions'],
      // ListActionTriggerBindingsRequestParameters.
      query: { page: Q.page, per_page: Q.perPage },
      handler: list,
    })
    .add('PATCH', 'actions/triggers/:triggerId/bindings', {
      scopes: ['update:actions'],
      body: { kind: 'object', spec: UPDATE },
      description: 'Update trigger bindings',
      handler: update,
    });
}
