/**
 * @module scripts/bench/report
 * What `npm run bench` prints: each comparison with its floor and their ratio (p50 over p50,
 * and the median of the per-round ratios, which a change of machine load between rounds moves
 * less), p50/p95, failed runs, and where the time goes (per request for the logins, per phase,
 * per screen and per kind of Playwright call for the journey). Each printer says whether its
 * targets were met.
 */
import type { LoginFloorResult, LoginSeries } from './login-bench.ts';
import { apiCallsOf, GAPS, medianOf, phasesOf, screensOf } from './profile.ts';
import type { RanCopy, SpecRun } from './run-specs.ts';
import { duration, p50, p95, ratio } from './stats.ts';

/** Issue 12's targets. */
export const TARGETS = { journeyVsFloor: 1.3, loginVsFloor: 1.5 } as const;

const mark = (ok: boolean) => (ok ? '✓' : '✗');
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[0] ?? 0) : c.padStart(widths[i] ?? 0))).join(' ');

function table(title: string, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  console.log(`\n  ${title}`);
  console.log(`    ${row(head, widths)}`);
  for (const r of rows) console.log(`    ${row(r, widths)}`);
}

/** Median milliseconds per request label over a series' logins. */
function requestMedians(series: LoginSeries): Map<string, number> {
  return medianOf(
    series.requests.map((reqs) => {
      const m = new Map<string, number>();
      for (const r of reqs) m.set(r.label, (m.get(r.label) ?? 0) + r.ms);
      return m;
    }),
  );
}

/** The tenant login against the bare oidc-provider login; true when the target is met. */
export function printLogins(result: LoginFloorResult): boolean {
  const { tenant, floor } = result;
  const r = p50(tenant.totalsMs) / p50(floor.totalsMs);
  const paired = p50(tenant.totalsMs.map((t, i) => t / (floor.totalsMs[i] ?? NaN)));
  const failed = tenant.failed + floor.failed;
  const ok = r <= TARGETS.loginVsFloor && failed === 0;
  console.log(
    '\nTenant HTTP password login vs bare oidc-provider login (same hashing, same driver)',
  );
  table(
    'logins',
    ['', 'n', 'p50', 'p95', 'failed'],
    [
      [
        'embedded tenant',
        `${tenant.totalsMs.length}`,
        duration(p50(tenant.totalsMs)),
        duration(p95(tenant.totalsMs)),
        `${tenant.failed}`,
      ],
      [
        'floor: bare oidc-provider',
        `${floor.totalsMs.length}`,
        duration(p50(floor.totalsMs)),
        duration(p95(floor.totalsMs)),
        `${floor.failed}`,
      ],
    ],
  );
  for (const [side, s] of [
    ['tenant', tenant],
    ['floor', floor],
  ] as const) {
    if (s.firstError) console.log(`    first ${side} failure: ${s.firstError}`);
  }
  console.log(
    `  ${mark(ok)} ratio ${ratio(r)} (p50/p50; median per-login ratio ${ratio(paired)}), target ≤ ${TARGETS.loginVsFloor}×`,
  );
  const profile = (s: LoginSeries) => [...requestMedians(s)].map(([k, v]) => `${k} ${duration(v)}`);
  console.log(`  per request (p50) tenant: ${profile(tenant).join(' · ')}`);
  console.log(`  per request (p50) floor:  ${profile(floor).join(' · ')}`);
  return ok;
}

const measured = (tests: RanCopy[], kind: RanCopy['kind']) =>
  tests.filter((t) => t.kind === kind && t.round > 0);

/** The journey against its navigation floor; true when the target is met and none failed. */
export function printJourneys(run: SpecRun, runs: number): boolean {
  const journeys = measured(run.tests, 'journey');
  const floors = measured(run.tests, 'floor');
  const passed = (ts: RanCopy[]) => ts.filter((t) => t.test.status === 'passed');
  const ms = (ts: RanCopy[]) => passed(ts).map((t) => t.test.ms);
  const failedJ = journeys.length - passed(journeys).length;
  const failedF = floors.length - passed(floors).length;
  const missing = run.missing;
  const r = p50(ms(journeys)) / p50(ms(floors));
  const byRound = new Map(passed(floors).map((f) => [f.round, f.test.ms]));
  const paired = p50(
    passed(journeys)
      .map((j) => j.test.ms / (byRound.get(j.round) ?? NaN))
      .filter(Number.isFinite),
  );
  const ok = r <= TARGETS.journeyVsFloor && failedJ + failedF + missing === 0;

  console.log('\nJourney vs navigation floor (one worker, alternated, after a warm-up round)');
  table(
    'runs',
    ['', 'runs', 'p50', 'p95', 'failed'],
    [
      [
        'journey (e2e/biometric-first-login)',
        `${journeys.length}/${runs}`,
        duration(p50(ms(journeys))),
        duration(p95(ms(journeys))),
        `${failedJ}`,
      ],
      [
        'floor (scripts/bench/floor)',
        `${floors.length}/${runs}`,
        duration(p50(ms(floors))),
        duration(p95(ms(floors))),
        `${failedF}`,
      ],
    ],
  );
  if (missing) console.log(`    ${missing} spec copies produced no result`);
  console.log(
    `  ${mark(ok)} ratio ${ratio(r)} (p50/p50; median per-round ratio ${ratio(paired)}), target ≤ ${TARGETS.journeyVsFloor}×`,
  );

  const jPhases = medianOf(passed(journeys).map((t) => phasesOf(t.test)));
  const fPhases = medianOf(passed(floors).map((t) => phasesOf(t.test)));
  table(
    'profile: where the journey’s time goes (p50 per phase)',
    ['phase', 'journey', 'floor', 'excess'],
    [...jPhases.keys()].map((k) => {
      const j = jPhases.get(k) ?? 0;
      const f = fPhases.get(k) ?? 0;
      return [k === GAPS ? `${k} (harness code)` : k, duration(j), duration(f), duration(j - f)];
    }),
  );
  const screens = medianOf(passed(journeys).map((t) => screensOf(t.test)));
  table(
    'profile: journey screens (p50)',
    ['screen step', 'ms'],
    [...screens].map(([k, v]) => [k, duration(v)]),
  );
  const jCalls = medianOf(passed(journeys).map((t) => apiCallsOf(t.test)));
  const fCalls = medianOf(passed(floors).map((t) => apiCallsOf(t.test)));
  const kinds = [...new Set([...jCalls.keys(), ...fCalls.keys()])].filter((k) => !k.endsWith(' #'));
  kinds.sort((a, b) => (jCalls.get(b) ?? 0) - (jCalls.get(a) ?? 0));
  table(
    'profile: Playwright calls by kind (p50 total ms and count)',
    ['call', 'journey', '#', 'floor', '#'],
    kinds.map((k) => [
      k,
      duration(jCalls.get(k) ?? 0),
      `${jCalls.get(`${k} #`) ?? 0}`,
      duration(fCalls.get(k) ?? 0),
      `${fCalls.get(`${k} #`) ?? 0}`,
    ]),
  );
  return ok;
}

/**
 * Journeys per minute at each worker count: over the whole run (Playwright's start, each
 * worker's tenant and browser included) and steady (each worker's journeys after its first,
 * over the time from the end of its first to the end of its last, summed over the workers).
 */
export function printThroughput(byWorkers: Map<number, SpecRun>): boolean {
  let ok = true;
  const rows: string[][] = [];
  const base = { whole: NaN, steady: NaN };
  for (const [w, run] of byWorkers) {
    const passed = run.tests.filter((t) => t.test.status === 'passed');
    const failed = run.tests.length - passed.length + run.missing;
    if (failed) ok = false;
    const whole = passed.length / (run.wallMs / 60_000);
    let steady = 0;
    const workers = new Set(passed.map((t) => t.test.workerIndex));
    for (const idx of workers) {
      const mine = passed
        .filter((t) => t.test.workerIndex === idx)
        .sort((a, b) => a.test.startTime - b.test.startTime);
      const first = mine[0];
      const last = mine.at(-1);
      if (!first || !last || mine.length < 2) continue;
      const span = last.test.startTime + last.test.ms - (first.test.startTime + first.test.ms);
      steady += (mine.length - 1) / (span / 60_000);
    }
    if (w === 1) Object.assign(base, { whole, steady });
    rows.push([
      `${w} worker${w > 1 ? 's' : ''}`,
      `${passed.length}`,
      `${failed}`,
      duration(run.wallMs),
      whole.toFixed(1),
      steady.toFixed(1),
      w === 1 ? '' : `${ratio(whole / base.whole)} / ${ratio(steady / base.steady)}`,
    ]);
  }
  console.log('\nJourneys in parallel (one embedded tenant per worker)');
  table(
    'journeys per minute',
    ['', 'journeys', 'failed', 'wall', 'per min (whole run)', 'per min (steady)', 'gain'],
    rows,
  );
  return ok;
}
