/**
 * @module scripts/bench/profile-reporter
 * The bench's Playwright reporter: for every finished test, one JSON line in `outputFile` with
 * its file, status, worker, start, duration and the whole step tree (test steps, fixtures and
 * hooks, Playwright API calls), each step with its offset from the test's start and its
 * duration. Nothing else: titles and timings only, never attachments or error text (no secret
 * can reach the bench's output).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/** One step as the bench reads it. */
export interface ProfiledStep {
  title: string;
  category: string;
  /** Milliseconds from the test's start. */
  at: number;
  ms: number;
  steps: ProfiledStep[];
}

/** One line of the profile file. */
export interface ProfiledTest {
  /** The spec file, relative to the bench config's root. */
  file: string;
  status: TestResult['status'];
  workerIndex: number;
  /** Epoch milliseconds. */
  startTime: number;
  ms: number;
  steps: ProfiledStep[];
}

export default class ProfileReporter implements Reporter {
  private readonly file: string;

  constructor(options: { outputFile?: string } = {}) {
    if (!options.outputFile) throw new Error('profile-reporter: the option outputFile is required');
    this.file = options.outputFile;
    writeFileSync(this.file, '');
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const start = result.startTime.getTime();
    const step = (s: TestStep): ProfiledStep => ({
      title: s.title,
      category: s.category,
      at: s.startTime.getTime() - start,
      ms: s.duration,
      steps: s.steps.map(step),
    });
    const line: ProfiledTest = {
      file: test.location.file,
      status: result.status,
      workerIndex: result.workerIndex,
      startTime: start,
      ms: result.duration,
      steps: result.steps.map(step),
    };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
