/**
 * @module scripts/bench/profile
 * Where a test's time goes, from the step trees of the profile reporter: the same phases for the
 * journey and its floor (setup, each login, each logout, the journey's other steps, teardown),
 * so that the excess of the journey shows phase by phase; inside the journey, each Universal
 * Login screen; and across it, what Playwright spent by kind of call (screenshots, clicks,
 * evaluations, …). Every figure is a median over the runs.
 */
import type { ProfiledStep, ProfiledTest } from './profile-reporter.ts';
import { p50 } from './stats.ts';

/** The phases both specs share, in order; anything else is "other steps". */
export const PHASES = [
  'login 1',
  'logout after login 1',
  'login 2',
  'logout after login 2',
  'login 3',
] as const;

export const SETUP = 'setup (test fixtures)';
export const TEARDOWN = 'teardown (test fixtures)';
export const OTHER = 'other steps (deploy check, user mark, tenant logs, evidence)';
export const GAPS = 'between steps';

/** Milliseconds per phase of one test; the phases sum to the test's duration. */
export function phasesOf(test: ProfiledTest): Map<string, number> {
  const out = new Map<string, number>([[SETUP, 0], ...PHASES.map((p) => [p, 0] as const)]);
  out.set(OTHER, 0);
  out.set(TEARDOWN, 0);
  let counted = 0;
  for (const step of test.steps) {
    const phase =
      step.category === 'hook'
        ? step.title === 'Before Hooks'
          ? SETUP
          : TEARDOWN
        : (PHASES.find((p) => step.title === p || step.title.startsWith(`${p}:`)) ?? OTHER);
    out.set(phase, (out.get(phase) ?? 0) + step.ms);
    counted += step.ms;
  }
  out.set(GAPS, Math.max(0, test.ms - counted));
  return out;
}

/** Median per key over several maps (a key missing from a map counts as 0 there). */
export function medianOf(maps: Map<string, number>[]): Map<string, number> {
  const keys = [...new Set(maps.flatMap((m) => [...m.keys()]))];
  return new Map(keys.map((k) => [k, p50(maps.map((m) => m.get(k) ?? 0))]));
}

/** The journey's screen steps (`login 1 · /u/signup`, …) with their milliseconds. */
export function screensOf(test: ProfiledTest): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (steps: ProfiledStep[]) => {
    for (const s of steps) {
      if (s.category === 'test.step' && /^login \d+ · \//.test(s.title)) {
        out.set(s.title, (out.get(s.title) ?? 0) + s.ms);
      } else if (s.category === 'test.step' && /^TestApp\./.test(s.title)) {
        out.set(`app ${s.title}`, (out.get(`app ${s.title}`) ?? 0) + s.ms);
      } else {
        visit(s.steps);
      }
    }
  };
  visit(test.steps);
  return out;
}

/**
 * What the test spent in Playwright calls, by kind (`Screenshot`, `Click`, `Navigate`, …: the
 * step title up to its first quote), outermost calls only, with how many there were.
 */
export function apiCallsOf(test: ProfiledTest): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (steps: ProfiledStep[]) => {
    for (const s of steps) {
      if (s.category === 'pw:api') {
        const kind = s.title.split('"')[0]?.trim() || s.title;
        out.set(kind, (out.get(kind) ?? 0) + s.ms);
        out.set(`${kind} #`, (out.get(`${kind} #`) ?? 0) + 1);
      } else {
        visit(s.steps);
      }
    }
  };
  visit(test.steps);
  return out;
}
