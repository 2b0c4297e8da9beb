/**
 * @module helpers/ops/sweep
 * `npm run sweep`: deletes the test users a killed run left behind. Only users carrying BOTH
 * markers (helpers/user/unique.ts: an `e2e-bio+…@example.com` email and
 * `app_metadata.e2e_harness`) and created before the cut-off are touched; a dry run unless
 * `--yes`. Auth0's user search returns at most 1000 results per query and 50 per page
 * (Public Cloud), so the search is sorted newest first and, when a query has more than 1000
 * matches, repeated with its upper `created_at` bound moved to the oldest user seen.
 * https://auth0.com/docs/manage-users/user-search/view-search-results-by-page#limitation
 */
import type { ManagementClient } from 'auth0';
import { shortError } from './cleanup-failures.ts';
import type { HarnessEnv } from '../config/env.ts';
import { createManagementClient, paceDelayMs, sleep } from '../tenant/management.ts';
import { isMarkedTestUser, markerOf, MARKER_KEY } from '../user/unique.ts';

export const PER_PAGE = 50;
/** "You can only page through the first 1000 records". */
export const SEARCH_WINDOW = 1000;
const DEFAULT_OLDER_THAN = '24h';

export class SweepUsageError extends Error {
  override name = 'SweepUsageError';
}

export const SWEEP_USAGE = `Usage: npm run sweep -- [--older-than <duration>] [--yes]
  --older-than  only users created longer ago than this: 30m, 6h, 2d (default ${DEFAULT_OLDER_THAN})
  --yes         really delete; without it the sweep only prints what it would delete
  --help        this text`;

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `6h`, `2d` → milliseconds. @throws SweepUsageError */
export function parseDuration(text: string): number {
  const m = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) {
    throw new SweepUsageError(
      `--older-than must be a positive duration in minutes, hours or days such as 30m, 6h or 2d (got "${text}")`,
    );
  }
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

export interface SweepOptions {
  yes: boolean;
  olderThan: string;
  olderThanMs: number;
  help: boolean;
}

/** Parses the sweep's command line (`process.argv.slice(2)`). @throws SweepUsageError */
export function parseSweepArgs(argv: readonly string[]): SweepOptions {
  let yes = false;
  let help = false;
  let olderThan = DEFAULT_OLDER_THAN;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--yes' || arg === '-y') yes = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--older-than') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new SweepUsageError('--older-than needs a value such as 30m, 6h or 2d');
      }
      olderThan = value;
      i++;
    } else if (arg.startsWith('--older-than=')) olderThan = arg.slice('--older-than='.length);
    else throw new SweepUsageError(`unknown argument "${arg}"`);
  }
  return { yes, help, olderThan, olderThanMs: parseDuration(olderThan) };
}

/** The user search of one round: marked users created at or before `upper` (ISO time). */
export function sweepQuery(upper: string): string {
  return `app_metadata.${MARKER_KEY}.run:* AND created_at:[* TO ${upper}]`;
}

export interface SweptUser {
  user_id: string;
  email: string;
  created_at: string;
  run: string;
}

export interface SweepResult {
  cutoff: string;
  dryRun: boolean;
  /** Marked users older than the cut-off. */
  found: SweptUser[];
  deleted: SweptUser[];
  failed: { user: SweptUser; error: string }[];
  /** Search hits missing a marker (or younger): never deleted. */
  skipped: number;
  queries: number;
  pages: number;
  /** Management API requests sent (token call excluded). */
  requests: number;
}

type Log = (line: string) => void;

/**
 * Finds (and with `yes` deletes) marked test users created before now − `olderThanMs`.
 * @throws TenantNotAllowedError before any request for a live tenant that is not allowed.
 */
export async function runSweep(
  env: HarnessEnv,
  options: Pick<SweepOptions, 'yes' | 'olderThan' | 'olderThanMs'>,
  {
    log = (line: string) => console.log(line),
    transport,
    now = Date.now(),
  }: { log?: Log; transport?: typeof fetch; now?: number } = {},
): Promise<SweepResult> {
  const management: ManagementClient = createManagementClient(env, {
    ...(transport ? { transport } : {}),
  });
  const cutoff = new Date(now - options.olderThanMs).toISOString();
  const result: SweepResult = {
    cutoff,
    dryRun: !options.yes,
    found: [],
    deleted: [],
    failed: [],
    skipped: 0,
    queries: 0,
    pages: 0,
    requests: 0,
  };
  const pace = async (headers: Headers) => {
    result.requests += 1;
    const ms = paceDelayMs(headers);
    if (ms > 0) await sleep(ms);
  };

  log(
    `Sweep of ${env.domain} (${env.target}): test users with both markers created before ${cutoff} (older than ${options.olderThan}).`,
  );
  log(options.yes ? 'Deleting (--yes).' : 'DRY RUN: nothing is deleted; pass --yes to delete.');

  const seen = new Set<string>();
  let upper = cutoff;
  for (;;) {
    result.queries += 1;
    const q = sweepQuery(upper);
    let fetched = 0;
    let total = 0;
    let oldest: string | undefined;
    for (let page = 0; (page + 1) * PER_PAGE <= SEARCH_WINDOW; page++) {
      const res = await management.users.list({
        q,
        search_engine: 'v3',
        sort: 'created_at:-1',
        page,
        per_page: PER_PAGE,
        include_totals: true,
        fields: 'user_id,email,created_at,app_metadata',
        include_fields: true,
      });
      result.pages += 1;
      await pace(res.rawResponse.headers);
      total = res.response.total ?? res.data.length;
      fetched += res.data.length;
      for (const u of res.data) {
        const createdAt = typeof u.created_at === 'string' ? u.created_at : String(u.created_at);
        if (createdAt) oldest = createdAt;
        if (!u.user_id || seen.has(u.user_id)) continue;
        seen.add(u.user_id);
        const marker = markerOf(u);
        if (!isMarkedTestUser(u) || !marker || !(Date.parse(createdAt) <= Date.parse(cutoff))) {
          result.skipped += 1;
          continue;
        }
        result.found.push({
          user_id: u.user_id,
          email: String(u.email),
          created_at: createdAt,
          run: marker.run,
        });
      }
      if (res.data.length < PER_PAGE || fetched >= total) break;
    }
    if (fetched >= total) break;
    // More than 1000 matches: search again below the oldest user seen (inclusive: users
    // sharing that timestamp are de-duplicated by id).
    if (!oldest || oldest === upper) {
      throw new Error(
        `more than ${SEARCH_WINDOW} marked users were created at ${upper}; cannot page past Auth0's search window`,
      );
    }
    upper = oldest;
  }

  for (const user of result.found) {
    const line = `${user.user_id}  ${user.email}  created ${user.created_at}  run ${user.run}`;
    if (!options.yes) {
      log(`  would delete ${line}`);
      continue;
    }
    try {
      // Factors first, then the user (as the test-user fixture does).
      const methods = await management.users.authenticationMethods
        .deleteAll(user.user_id)
        .withRawResponse();
      await pace(methods.rawResponse.headers);
      const deleted = await management.users.delete(user.user_id).withRawResponse();
      await pace(deleted.rawResponse.headers);
      result.deleted.push(user);
      log(`  deleted ${line}`);
    } catch (err) {
      result.failed.push({ user, error: shortError(err) });
      log(`  FAILED  ${line}: ${shortError(err)}`);
    }
  }

  log(
    `Summary: ${result.found.length} marked test user(s) older than ${options.olderThan}; ` +
      (options.yes
        ? `${result.deleted.length} deleted, ${result.failed.length} failed`
        : `${result.found.length} would be deleted (dry run)`) +
      `; ${result.skipped} search hit(s) skipped (a marker missing); ` +
      `${result.queries} quer${result.queries === 1 ? 'y' : 'ies'}, ${result.pages} page(s), ${result.requests} Management API request(s).`,
  );
  return result;
}
