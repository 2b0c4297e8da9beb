/**
 * @module emulator/flow/metadata
 * Step: metadata persistence. `api.user.setAppMetadata` / `setUserMetadata` are batched in the
 * transaction: "the engine will aggregate the changes and update the metadata at once before the
 * flow is completed", written "a single time — at the end of the trigger's execution", and also
 * before an `api.redirect.sendUserTo` redirect (auth0-behaviour.md §1.3). The write goes to the
 * store with Auth0's root-level merge; the snapshot is never touched (§1.4 item 3).
 */
import { mergeMetadata } from '../tenant/users.ts';
import { nowIso, type FlowEnv } from './env.ts';
import type { FlowStep } from './step.ts';
import { engineState, type LoginTransaction } from './transaction.ts';
import { liveUser } from './user-reads.ts';

/** Pipeline step: the end of the trigger writes the batched metadata, once. */
export function persistMetadata(env: FlowEnv, tx: LoginTransaction): FlowStep | undefined {
  const flow = engineState(tx).flow;
  if (flow.metadataPersisted) return undefined;
  flow.metadataPersisted = true;
  const written = mergePendingMetadata(env, tx);
  if (written) tx.addToTrail('flow', 'metadata-persisted', written);
  return undefined;
}

/**
 * Writes the batched metadata now and clears it (before a redirect, §1.3); what later Actions
 * set is written at the end of the trigger by `persistMetadata`.
 */
export function persistPendingMetadata(env: FlowEnv, tx: LoginTransaction, when: string): void {
  const written = mergePendingMetadata(env, tx);
  if (!written) return;
  const flow = engineState(tx).flow;
  flow.pendingAppMetadata = {};
  flow.pendingUserMetadata = {};
  tx.addToTrail('flow', 'metadata-persisted', { when, ...written });
}

/**
 * Merges the batched metadata into the live user (root-level merge); the keys written, or
 * undefined when there is no live user or nothing to write.
 */
function mergePendingMetadata(
  env: FlowEnv,
  tx: LoginTransaction,
): { app_metadata: string[]; user_metadata: string[] } | undefined {
  const live = liveUser(env, tx);
  const { pendingAppMetadata: app, pendingUserMetadata: usr } = engineState(tx).flow;
  if (!live || (Object.keys(app).length === 0 && Object.keys(usr).length === 0)) return undefined;
  live.app_metadata = mergeMetadata(live.app_metadata, app);
  live.user_metadata = mergeMetadata(live.user_metadata, usr);
  live.updated_at = nowIso(env);
  return { app_metadata: Object.keys(app), user_metadata: Object.keys(usr) };
}
