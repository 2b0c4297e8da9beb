/**
 * @module emulator/flow/transactions
 * The tenant's login transactions, in memory, in its runtime (`tenant/runtime.ts`): the live
 * transaction for the flow engine and the screens, deep copies for readers (the inspector, the
 * reset route, tests). The oldest go first beyond `MAX_TRANSACTIONS`.
 */
import { runtimeSlot } from '../tenant/runtime.ts';
import type { Tenant } from '../tenant/store.ts';
import { LoginTransaction } from './transaction.ts';

/** Transactions kept per tenant for the inspector; the oldest go first beyond this. */
export const MAX_TRANSACTIONS = 1_000;

const TRANSACTIONS = runtimeSlot('login transactions', () => new Map<string, LoginTransaction>());

/** The transaction of an interaction, opened on first sight. */
export function transactionFor(
  tenant: Tenant,
  uid: string,
  clientId: string,
  params: Record<string, unknown>,
): LoginTransaction {
  const transactions = tenant.runtime.get(TRANSACTIONS);
  const existing = transactions.get(uid);
  if (existing) return existing;
  const tx = LoginTransaction.open(uid, clientId, params);
  transactions.set(uid, tx);
  if (transactions.size > MAX_TRANSACTIONS) {
    const oldest = transactions.keys().next().value;
    if (oldest !== undefined) transactions.delete(oldest);
  }
  return tx;
}

/** The live transaction (not a copy), for the flow engine and the screens; undefined if unknown. */
export function getTransaction(tenant: Tenant, uid: string): LoginTransaction | undefined {
  return tenant.runtime.get(TRANSACTIONS).get(uid);
}

/** One transaction of a tenant (a deep copy), or undefined. For the inspector and tests. */
export function readTransaction(tenant: Tenant, uid: string): LoginTransaction | undefined {
  return getTransaction(tenant, uid)?.copy();
}

/** A tenant's transactions (deep copies), oldest first; optionally those of one user. */
export function readTransactions(
  tenant: Tenant,
  filter: { userId?: string } = {},
): LoginTransaction[] {
  const out: LoginTransaction[] = [];
  for (const tx of tenant.runtime.get(TRANSACTIONS).values()) {
    if (filter.userId === undefined || tx.userId === filter.userId) out.push(tx.copy());
  }
  return out;
}
