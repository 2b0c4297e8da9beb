/**
 * @module helpers/capture/capture-recorder
 * Collects the masked capture of one journey: the walker hands it every tenant screen on arrival
 * (it is the walker's `ScreenObserver`), the capture fixture hands it each login's tenant log
 * excerpt once the evidence attached them; `toJson()` is the file `ul-capture.json` (stable key
 * order, everything through the redactor once more, so that a secret registered after a screen
 * was read is still masked).
 */
import type { Page } from '@playwright/test';
import { logFields, maskText, stableJson } from './mask.ts';
import { readScreenShape } from './read-screen.ts';
import { CAPTURE_FORMAT, type LoginCapture, type LogEventShape, type UlCapture } from './types.ts';

export type CaptureMeta = Omit<UlCapture, 'format' | 'logins'>;

export class CaptureRecorder {
  private readonly logins = new Map<string, LoginCapture>();

  /** @param redact the test's redactor (`redactor.redact`), applied to every text kept. */
  constructor(
    private readonly meta: CaptureMeta,
    private readonly redact: (text: string) => string,
  ) {}

  /** Records the screen the page shows now (called by the walker before it acts). */
  async screen(login: string, path: string, page: Page, autoSubmits: boolean): Promise<void> {
    const shape = autoSubmits
      ? { path, title: '', headings: [], forms: [], autoSubmits: true as const }
      : await readScreenShape(page, path, this.redact);
    this.login(login).screens.push(shape);
  }

  /**
   * Records the tenant log events the evidence assigned to `login`: the body of its attachment
   * "tenant log excerpt · <login>" (`{ status, note?, events: [...] }`, already redacted).
   */
  addLogExcerpt(login: string, excerpt: unknown): void {
    const { status, events } = (excerpt ?? {}) as { status?: unknown; events?: unknown };
    const entry = this.login(login);
    entry.logStatus = typeof status === 'string' ? status : 'unknown';
    if (!Array.isArray(events)) return;
    entry.logEvents = events
      .filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object')
      .map((e): LogEventShape => ({
        type: maskText(typeof e.type === 'string' ? e.type : '?', this.redact),
        fields: logFields(e, this.redact),
      }));
  }

  /** Whether nothing was recorded (no screen and no log event). */
  get empty(): boolean {
    return this.logins.size === 0;
  }

  toCapture(): UlCapture {
    return { format: CAPTURE_FORMAT, ...this.meta, logins: [...this.logins.values()] };
  }

  /** The capture file's text: stable key order, redacted once more as a whole. */
  toJson(): string {
    return this.redact(stableJson(this.toCapture()));
  }

  private login(label: string): LoginCapture {
    let entry = this.logins.get(label);
    if (!entry) {
      entry = { label, screens: [], logEvents: null, logStatus: 'not read' };
      this.logins.set(label, entry);
    }
    return entry;
  }
}
