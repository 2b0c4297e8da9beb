/**
 * @module helpers/tenant/bindings
 * The post-login trigger's bindings, and the harness's own among them. `PATCH …/bindings`
 * replaces every binding of the trigger (auth0-behaviour.md §3.2), so a change is always "read
 * the current list, write it back with ours added or removed" — never a snapshot written back
 * later, which would undo what another run did in between (reliability audit §1e).
 */
import type { Management, ManagementClient } from 'auth0';

export const POST_LOGIN = 'post-login';

/** Display name of a binding: its own, else its Action's. */
export function bindingName(b: Management.ActionBinding): string {
  return b.display_name ?? b.action?.name ?? '?';
}

/**
 * Whether an Action name is one the harness deploys: `E2E_ACTION_NAME`, or `<file> (e2e)`
 * (fixtures/deployment.ts). Nothing else on a tenant carries these names.
 */
export function isHarnessActionName(name: string | undefined, actionName: string): boolean {
  if (!name) return false;
  return name === actionName || name.endsWith(' (e2e)');
}

/** Whether a binding runs one of the harness's Actions (by its Action's name or its own). */
export function isHarnessBinding(b: Management.ActionBinding, actionName: string): boolean {
  return (
    isHarnessActionName(b.action?.name, actionName) ||
    isHarnessActionName(b.display_name, actionName)
  );
}

/** A listed binding as the PATCH body refers to it (by Action id, else by binding id). */
export function toRef(b: Management.ActionBinding): Management.ActionBindingWithRef {
  const ref: Management.ActionBindingRef = b.action?.id
    ? { type: 'action_id', value: b.action.id }
    : { type: 'binding_id', value: b.id };
  return { ref, ...(b.display_name ? { display_name: b.display_name } : {}) };
}

/** `GET /api/v2/actions/triggers/post-login/bindings`, every page, in execution order. */
export async function listPostLoginBindings(
  management: ManagementClient,
): Promise<Management.ActionBinding[]> {
  const all: Management.ActionBinding[] = [];
  for await (const b of await management.actions.triggers.bindings.list(POST_LOGIN, {
    per_page: 50,
  })) {
    all.push(b);
  }
  return all;
}

/**
 * Removes, from the CURRENT post-login bindings, those `isTarget` selects, keeping every other
 * binding in its order; writes nothing when none matches. Returns the names removed.
 */
export async function removeBindings(
  management: ManagementClient,
  isTarget: (b: Management.ActionBinding) => boolean,
): Promise<string[]> {
  const current = await listPostLoginBindings(management);
  const removed = current.filter(isTarget);
  if (removed.length === 0) return [];
  await management.actions.triggers.bindings.updateMany(POST_LOGIN, {
    bindings: current.filter((b) => !isTarget(b)).map(toRef),
  });
  return removed.map(bindingName);
}
