/**
 * @module helpers/capture/types
 * The masked capture of a journey (`ul-capture.json`): every Universal Login screen the walker
 * passed (path, title, headings, forms: input names/ids/types, buttons' names/values/texts; never
 * a value a user typed) and the shape of every tenant log event the evidence read (type and
 * field names, values masked). One capture from a live tenant and one from the embedded tenant
 * on the same journey are what `npm run fidelity` compares (helpers/capture/compare.ts).
 */

export const CAPTURE_FORMAT = 'ul-capture/1';

export interface UlCapture {
  format: typeof CAPTURE_FORMAT;
  /** `live` or `emulator` (the harness's target). */
  target: string;
  /** The tenant's domain (not a secret; `localhost:PORT` for an embedded tenant). */
  tenant: string;
  /** The journey that produced it: `npm run fidelity` runs the same one on an embedded tenant. */
  journey: { file: string; title: string; project: string };
  logins: LoginCapture[];
}

export interface LoginCapture {
  /** e.g. "login 1". */
  label: string;
  /** In the order the walker arrived at them (a screen shown twice appears twice). */
  screens: ScreenShape[];
  /** The log events the evidence assigned to this login; null when it read none. */
  logEvents: LogEventShape[] | null;
  /** The evidence's status of those events (`complete`, `incomplete`, `unavailable`). */
  logStatus: string;
}

export interface ScreenShape {
  path: string;
  /** `document.title`, masked. */
  title: string;
  /** Visible headings (`h1`–`h6`, `role=heading`) in document order, masked. */
  headings: string[];
  forms: FormShape[];
  /** The screen posts itself (browser-capability detection): nothing else was read. */
  autoSubmits?: true;
  /** Why the shape is missing (the page navigated while it was read). */
  note?: string;
}

/** A form, or the pseudo-form `action: "(outside any form)"` of controls outside forms. */
export interface FormShape {
  method: string;
  /** The path the form posts to, without its query; '' for "its own URL". */
  action: string;
  inputs: FieldShape[];
  buttons: ButtonShape[];
}

/** An `input`, `select` or `textarea`: never its value. */
export interface FieldShape {
  name: string;
  id: string;
  type: string;
  visible: boolean;
}

/** A `button` (or `input type=submit|button`): its name, value and text, masked. */
export interface ButtonShape {
  name: string;
  value: string;
  text: string;
  type: string;
  visible: boolean;
}

/** A tenant log event: its type and, per field path (`details.prompts[].name`), a masked value. */
export interface LogEventShape {
  type: string;
  fields: Record<string, string>;
}
