/**
 * @module helpers/report/scrub-reporter
 * A Playwright reporter that runs FIRST (before `list` and `allure-playwright`) and rewrites,
 * in place and synchronously, everything Playwright itself produced for a test before any other
 * reporter reads it: the retained `trace.zip`, `error-context.md`, HAR files, other text
 * attachments, stdout/stderr and error messages. Reporters are called one after another for the
 * same result object, so the next reporter sees only the scrubbed files (allure-playwright copies
 * the trace at `onTestEnd`).
 *
 * The secrets: the run's client secrets (from `.env`), plus what each test's worker hands over
 * at the end of the test through a private directory (the test user's password, the TOTP
 * secret read from the enrollment screen): see `writeHandover` in helpers/artifact-scrub. The
 * directory is announced to the workers this runner forks through `E2E_ARTIFACT_SCRUB`; without
 * this reporter (e.g. `--reporter=json` on the command line) the config turns traces off.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Reporter,
  TestCase,
  TestError,
  TestResult,
  TestStep,
} from '@playwright/test/reporter';
import {
  HANDOVER_ENV,
  handoverFile,
  readHandover,
  scrubFile,
  scrubText,
} from './artifact-scrub.ts';
import { loadConfig, secretValues } from '../config/env.ts';
import { Redactor } from './redact.ts';

type Attachment = TestResult['attachments'][number];

/** Files Playwright writes that may hold page content; screenshots and videos are not touched. */
const SCRUBBED_FILE = /(?:^application\/(?:zip|json|x-har|.*\+json)$|^text\/)/;

export default class ScrubReporter implements Reporter {
  private readonly dir: string;
  private readonly done = new WeakSet<Attachment>();
  // The live tenant's client secrets; an embedded tenant's (made up per worker) arrive with
  // each test's handover, like the passwords and TOTP secrets.
  private readonly clientSecrets = ((live) => (live ? secretValues(live) : []))(loadConfig().live);

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'e2e-scrub-'));
    chmodSync(this.dir, 0o700);
    process.env[HANDOVER_ENV] = `${process.pid}:${this.dir}`;
  }

  printsToStdio(): boolean {
    return false;
  }

  private redactorFor(test: TestCase, result: TestResult): Redactor {
    const r = new Redactor(this.clientSecrets);
    for (const s of readHandover(this.dir, test.id, result.retry)) r.add(s.value, s.label);
    return r;
  }

  private scrubAttachment(a: Attachment, redactor: Redactor): void {
    if (this.done.has(a)) return;
    this.done.add(a);
    // allure-js-commons runtime messages (labels, parameters, steps) are left as they are.
    if (a.contentType.startsWith('application/vnd.allure.')) return;
    const textual = SCRUBBED_FILE.test(a.contentType) || /\.(?:har|md|zip)$/.test(a.path ?? '');
    if (!textual && !a.contentType.startsWith('image/svg')) return;
    if (a.path) {
      try {
        scrubFile(a.path, redactor);
      } catch (err) {
        // Fail closed: a file that could not be scrubbed is deleted, so no reporter copies it.
        rmSync(a.path, { force: true });
        process.stderr.write(
          `[scrub-reporter] removed ${a.name} (${a.path}): could not scrub it: ${String(err)}\n`,
        );
      }
    } else if (a.body && !a.body.subarray(0, 8192).includes(0)) {
      a.body = Buffer.from(scrubText(a.body.toString('utf8'), redactor), 'utf8');
    }
  }

  private scrubError(e: TestError | undefined, redactor: Redactor): void {
    if (!e) return;
    if (e.message) e.message = scrubText(e.message, redactor);
    if (e.stack) e.stack = scrubText(e.stack, redactor);
    if (e.value) e.value = scrubText(e.value, redactor);
    if (e.snippet) e.snippet = scrubText(e.snippet, redactor);
    this.scrubError(e.cause, redactor);
  }

  onStepEnd(test: TestCase, result: TestResult, step: TestStep): void {
    if (step.attachments.length === 0 && !step.error) return;
    const redactor = this.redactorFor(test, result);
    for (const a of step.attachments) this.scrubAttachment(a, redactor);
    this.scrubError(step.error, redactor);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const redactor = this.redactorFor(test, result);
    try {
      for (const a of result.attachments) this.scrubAttachment(a, redactor);
      for (const out of [result.stdout, result.stderr]) {
        out.forEach((chunk, i) => {
          out[i] = scrubText(chunk.toString(), redactor);
        });
      }
      this.scrubError(result.error, redactor);
      for (const e of result.errors) this.scrubError(e, redactor);
    } finally {
      rmSync(handoverFile(this.dir, test.id, result.retry), { force: true });
    }
  }

  onEnd(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
