/**
 * @module emulator/tenant/runtime
 * The run-time state a `Tenant` owns besides its configuration, users and logs: login
 * transactions, remembered browsers, attack-protection counters, Action caches, WebAuthn user
 * handles. Each owner module declares its slot (`runtimeSlot`) and reads it through
 * `tenant.runtime.get(slot)`; the tenant holds every value, so one call
 * (`tenant.runtime.clear()`, the control surface's reset) forgets all of it.
 *
 * Slots instead of typed fields: the tenant must not import the modules that use it (the login
 * flow imports the tenant), or the import graph would have a cycle.
 */

/** A named piece of run-time state and how to make it empty. */
export interface RuntimeSlot<T> {
  readonly name: string;
  readonly create: () => T;
}

/** Declares a slot; call once per module, at module level. */
export function runtimeSlot<T>(name: string, create: () => T): RuntimeSlot<T> {
  return { name, create };
}

/** The run-time state of one tenant, slot by slot, created on first use. */
export class TenantRuntime {
  readonly #values = new Map<RuntimeSlot<unknown>, unknown>();

  /** The slot's value, created empty on first use (and after `clear`). */
  get<T>(slot: RuntimeSlot<T>): T {
    if (this.#values.has(slot)) return this.#values.get(slot) as T;
    const value = slot.create();
    this.#values.set(slot, value);
    return value;
  }

  /** Names of the slots in use (for the inspector and tests). */
  slotsInUse(): string[] {
    return [...this.#values.keys()].map((s) => s.name);
  }

  /** Forgets every slot's value: the next `get` starts empty. */
  clear(): void {
    this.#values.clear();
  }
}
