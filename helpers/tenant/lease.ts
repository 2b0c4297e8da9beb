/**
 * @module helpers/tenant/lease
 * A lease on the tenant, kept in the tenant itself, that a run holds while it changes what every
 * login on the tenant feels (post-login bindings, MFA factors, a tenant setting): two runs on one
 * tenant otherwise overwrite each other's bindings and give wrong verdicts (reliability audit
 * §1e). The lease is an Action named `e2e-harness lease` (helpers/tenant/lease-record.ts), never
 * deployed nor bound:
 * - acquire: `POST /api/v2/actions/actions` with that name. Auth0 refuses a second Action of the
 *   same name with 409 (unconfirmed on live: the endpoint documents 400/401/403/429 only), so
 *   after creating, the run lists the Actions of that name; of several, the oldest `created_at`
 *   still alive holds, a tie holds for nobody, and a loser deletes its own and waits;
 * - hold: renewed (`PATCH`) every fifth of its time to live; its restore plan is written before
 *   the run changes anything (`writePlan`);
 * - release: `DELETE`. A run that cannot restore the tenant expires its lease instead, so that
 *   the next run restores it from the plan;
 * - wait: a run that finds a live lease waits, printing who holds it, up to `waitMs`
 *   (`E2E_LEASE_WAIT_SECONDS`), then stops naming the holder;
 * - take over: an expired lease (a killed run) is claimed by deleting it (of two runs claiming
 *   it, the second gets 404 and waits), ours is created carrying its restore plan, and then, under
 *   our lease, the plan is applied ("restored the bindings left by run X").
 * Expiry is judged on the tenant's clock: the lease's `updated_at` plus its time to live, against
 * the `Date` of the list response.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ManagementClient } from 'auth0';
import { TenantNotReadyError } from './readiness.ts';
import {
  byAge,
  DEFAULT_TTL_SECONDS,
  describeHolder,
  encodeLeaseCode,
  LEASE_ACTION_NAME,
  leaseExpiresAtMs,
  parseLeaseCode,
  secondsLeft,
  type LeaseAction,
  type LeaseHolder,
  type LeaseRecord,
} from './lease-record.ts';
import {
  describePlan,
  EMPTY_PLAN,
  isEmptyPlan,
  type RestoreOutcome,
  type RestorePlan,
} from './restore-plan.ts';

/** The lease was held by another run for longer than the run may wait. */
/** A duration as whole seconds, to the nearest. */
const secs = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

export class LeaseHeldError extends TenantNotReadyError {
  override name = 'LeaseHeldError';
}

export interface LeaseOptions {
  runId: string;
  /** How long to wait for another run's lease (`E2E_LEASE_WAIT_SECONDS` × 1000). */
  waitMs: number;
  ttlSeconds?: number;
  /** Pause between looks at a held lease (default 5 s, shorter when it expires sooner). */
  pollMs?: number;
  /** Progress lines ("waiting for the tenant lease held by …", "restored …"). */
  log?: (line: string) => void;
  /** Undoes what a dead run changed; called under our lease, with its plan. */
  restoreDeadRun: (plan: RestorePlan) => Promise<RestoreOutcome>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const statusOf = (err: unknown) => (err as { statusCode?: unknown } | null)?.statusCode;

/** The union of two plans (a dead run's inherited into ours); the first previous value wins. */
export function mergePlans(a: RestorePlan, b: RestorePlan): RestorePlan {
  const setting = a.customize_mfa_in_postlogin_action ?? b.customize_mfa_in_postlogin_action;
  return {
    factors_enabled: [...new Set([...a.factors_enabled, ...b.factors_enabled])],
    ...(setting ? { customize_mfa_in_postlogin_action: setting } : {}),
    bindings: [...new Set([...a.bindings, ...b.bindings])],
  };
}

/** The lease Actions on the tenant now, and the tenant's time (`Date` header) of the answer. */
export async function listLeases(
  management: ManagementClient,
): Promise<{ leases: LeaseAction[]; nowMs: number }> {
  const page = await management.actions.list({ actionName: LEASE_ACTION_NAME });
  const date = Date.parse(page.rawResponse.headers.get('date') ?? '');
  const leases = page.data
    .filter((a) => a.name === LEASE_ACTION_NAME && a.id)
    .map((a) => ({
      id: a.id as string,
      created_at: String(a.created_at ?? ''),
      updated_at: String(a.updated_at ?? a.created_at ?? ''),
      record: parseLeaseCode(a.code),
    }));
  return { leases, nowMs: Number.isFinite(date) ? date : Date.now() };
}

/** Deletes an Action; false when it was already gone (404). */
async function deleteAction(management: ManagementClient, id: string): Promise<boolean> {
  try {
    await management.actions.delete(id);
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

/** The lease this run holds. */
export class TenantLease {
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Set when a renewal found the lease gone: another run took it over. */
  lost = false;

  constructor(
    private readonly management: ManagementClient,
    readonly actionId: string,
    private record: LeaseRecord,
    private readonly log: (line: string) => void,
  ) {}

  get holder(): LeaseHolder {
    return this.record.holder;
  }

  get plan(): RestorePlan {
    return this.record.restore;
  }

  private async write(ttlSeconds: number): Promise<void> {
    const now = Date.now();
    this.record = {
      ...this.record,
      ttl_seconds: ttlSeconds,
      expires_at: new Date(now + ttlSeconds * 1000).toISOString(),
    };
    try {
      await this.management.actions.update(this.actionId, { code: encodeLeaseCode(this.record) });
    } catch (err) {
      if (statusOf(err) === 404) this.lost = true;
      throw err;
    }
  }

  /** Writes the restore plan (and renews): call it BEFORE making the changes it lists. */
  async writePlan(plan: RestorePlan): Promise<void> {
    this.record = { ...this.record, restore: plan };
    await this.write(this.ttl);
  }

  private get ttl(): number {
    return this.record.ttl_seconds;
  }

  /** Extends the lease by its time to live. */
  renew(): Promise<void> {
    return this.write(this.ttl);
  }

  /** Renews every fifth of the time to live until released (failures are logged). */
  startRenewing(everyMs = (this.ttl * 1000) / 5): void {
    this.stopRenewing();
    this.timer = setInterval(() => {
      this.renew().catch((err: unknown) => {
        this.log(
          this.lost
            ? `tenant lease: LOST (deleted by another run, which took it over): this run's results may be wrong`
            : `tenant lease: renewal failed (${String(err).split('\n')[0]}); retrying in ${secs(everyMs)}`,
        );
      });
    }, everyMs);
    this.timer.unref();
  }

  stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Deletes the lease: the tenant is as the run found it. */
  async release(): Promise<void> {
    this.stopRenewing();
    await deleteAction(this.management, this.actionId);
  }

  /**
   * Marks the lease expired now, keeping its restore plan: the next run takes it over at once
   * and restores what this run could not.
   */
  async expireNow(): Promise<void> {
    this.stopRenewing();
    await this.write(0);
  }
}

/**
 * Takes the tenant lease: creates it, waits while another live run holds it, takes over an
 * expired one (restoring what its run left).
 * @throws LeaseHeldError when another run held it for longer than `waitMs`.
 * @throws TenantNotReadyError when what a dead run left could not be restored.
 */
export async function acquireLease(
  management: ManagementClient,
  options: LeaseOptions,
): Promise<TenantLease> {
  const { runId, waitMs, pollMs = 5000, restoreDeadRun } = options;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const holder: LeaseHolder = {
    run: runId,
    host: hostname(),
    pid: process.pid,
    started_at: new Date(started).toISOString(),
    nonce: randomUUID(),
  };
  /** Plans of dead runs whose leases we claimed, and who they were. */
  let inherited: RestorePlan = EMPTY_PLAN;
  const deadRuns: string[] = [];
  let lastProgress = 0;
  /** Whether to try creating the lease now (not while the last look showed a live holder). */
  let create = true;

  for (;;) {
    if (create) {
      const record: LeaseRecord = {
        holder,
        ttl_seconds: ttlSeconds,
        expires_at: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
        restore: inherited,
      };
      try {
        await management.actions.create({
          name: LEASE_ACTION_NAME,
          code: encodeLeaseCode(record),
          runtime: 'node22',
          supported_triggers: [{ id: 'post-login', version: 'v3' }],
        });
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
    }
    // Ours is recognised by its nonce: also after a lost response whose replay got 409.
    const { leases, nowMs } = await listLeases(management);
    const ours = leases.find((l) => l.record?.holder.nonce === holder.nonce);
    const others = leases.filter((l) => l !== ours);
    for (const dead of others.filter((l) => leaseExpiresAtMs(l) <= nowMs)) {
      if (!(await deleteAction(management, dead.id))) continue; // another run claimed it first
      inherited = mergePlans(inherited, dead.record?.restore ?? EMPTY_PLAN);
      deadRuns.push(describeHolder(dead));
      log(`tenant lease: took over the expired lease of ${describeHolder(dead)}`);
    }
    const live = others.filter((l) => leaseExpiresAtMs(l) > nowMs).sort(byAge);
    if (ours?.record) {
      const beaten = live.some((l) => Date.parse(l.created_at) <= Date.parse(ours.created_at));
      if (!beaten) {
        const written = ours.record.restore;
        const lease = new TenantLease(
          management,
          ours.id,
          { ...ours.record, restore: written },
          log,
        );
        await restoreInherited(lease, written, inherited, deadRuns);
        return lease;
      }
      // Two leases of one name (uniqueness unconfirmed on live): the older holds, a tie nobody.
      await deleteAction(management, ours.id);
    }
    const held = live[0];
    create = held === undefined;
    if (!held) continue; // released meanwhile, or just claimed: create ours now
    const expiresIn = leaseExpiresAtMs(held) - nowMs;
    const waited = Date.now() - started;
    if (waited >= waitMs) {
      throw new LeaseHeldError(
        `the tenant lease is held by ${describeHolder(held)} (expires in ${secondsLeft(expiresIn)}); waited ${secs(waited)} (E2E_LEASE_WAIT_SECONDS). Another run is using this tenant: run again when it is done; if no run is going, delete the Action "${LEASE_ACTION_NAME}" (npm run doctor shows it)` +
          (isEmptyPlan(inherited)
            ? ''
            : `. NOT restored, left by ${deadRuns.join(', ')}: ${describePlan(inherited)}`),
      );
    }
    if (lastProgress === 0 || Date.now() - lastProgress >= 30_000) {
      lastProgress = Date.now();
      log(
        `tenant lease: waiting for the tenant lease held by ${describeHolder(held)}, expires in ${secondsLeft(expiresIn)} (waited ${secs(waited)} of ${secs(waitMs)})`,
      );
    }
    await sleep(Math.max(50, Math.min(pollMs, expiresIn + 250, waitMs - waited)));
  }

  /** Under our lease: applies the plans of the dead runs we took over; on failure expires ours. */
  async function restoreInherited(
    lease: TenantLease,
    written: RestorePlan,
    plan: RestorePlan,
    from: string[],
  ): Promise<void> {
    if (from.length === 0) return;
    // Our lease must carry what is not restored yet, should this run die now.
    if (JSON.stringify(written) !== JSON.stringify(plan)) await lease.writePlan(plan);
    const outcome = await restoreDeadRun(plan);
    const runs = from.map((d) => d.replace(/ since .*/, '')).join(', ');
    if (outcome.failures.length > 0) {
      await lease.expireNow().catch(() => {});
      throw new TenantNotReadyError(
        `could not restore what ${runs} left (${outcome.failures.join('; ')}); the lease is left expired with that plan for the next run`,
      );
    }
    log(
      plan.bindings.length > 0
        ? `tenant lease: restored the bindings left by ${runs}: ${outcome.restored.join('; ') || 'they were already gone'}`
        : `tenant lease: restored what ${runs} left: ${outcome.restored.join('; ') || 'nothing to restore'}`,
    );
  }
}
