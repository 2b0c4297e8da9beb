/**
 * @module helpers/capture/read-screen
 * Reads the shape of the screen a page shows (title, visible headings, forms with their inputs
 * and buttons), never an input's value, and masks every text (helpers/capture/mask.ts). Never
 * throws: a page that navigates while it is read gives a shape with a `note`.
 */
import type { Page } from '@playwright/test';
import { maskText } from './mask.ts';
import type { ButtonShape, FieldShape, FormShape, ScreenShape } from './types.ts';

interface RawControl {
  tag: string;
  name: string;
  id: string;
  type: string;
  value: string;
  text: string;
  visible: boolean;
}

interface RawForm {
  method: string;
  action: string;
  controls: RawControl[];
}

interface RawScreen {
  title: string;
  headings: string[];
  forms: RawForm[];
}

/** Runs in the page: the DOM facts, unmasked (masked in Node before anything keeps them). */
function readDom(): RawScreen {
  const visible = (e: Element) => (e as HTMLElement).checkVisibility?.() ?? true;
  const text = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ').trim();
  const control = (e: Element): RawControl => {
    const el = e as HTMLInputElement;
    const tag = e.tagName.toLowerCase();
    const isButton = tag === 'button' || ['submit', 'button', 'reset', 'image'].includes(el.type);
    return {
      tag,
      name: e.getAttribute('name') ?? '',
      id: e.getAttribute('id') ?? '',
      type: tag === 'input' || tag === 'button' ? (el.type ?? '') : tag,
      // A button's value is part of the page (the action it posts); an input's never is.
      value: isButton ? (e.getAttribute('value') ?? '') : '',
      text: tag === 'button' ? text(e) : isButton ? (e.getAttribute('value') ?? '') : '',
      visible: visible(e),
    };
  };
  const controls = (root: ParentNode, inForm: boolean) =>
    [...root.querySelectorAll('input, select, textarea, button')]
      .filter((e) => inForm || !e.closest('form'))
      .map(control);
  const forms: RawForm[] = [...document.querySelectorAll('form')].map((f) => ({
    method: (f.getAttribute('method') ?? 'get').toLowerCase(),
    action: f.getAttribute('action') ?? '',
    controls: controls(f, true),
  }));
  const outside = controls(document, false);
  if (outside.length > 0)
    forms.push({ method: '', action: '(outside any form)', controls: outside });
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role="heading"]')]
    .filter((e) => visible(e) && text(e))
    .map(text);
  return { title: document.title, headings, forms };
}

/** The path a form posts to, without query or fragment ('' when it posts to its own URL). */
function actionPath(action: string, pageUrl: string): string {
  if (!action || action.startsWith('(')) return action;
  try {
    return new URL(action, pageUrl).pathname;
  } catch {
    return '(unparsable)';
  }
}

/**
 * The masked shape of the screen at `path`.
 * @param redact the test's redactor (`redactor.redact`).
 */
export async function readScreenShape(
  page: Page,
  path: string,
  redact: (text: string) => string,
): Promise<ScreenShape> {
  const m = (t: string) => maskText(t, redact);
  let raw: RawScreen;
  try {
    raw = await page.evaluate(readDom);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    return { path, title: '', headings: [], forms: [], note: `not read: ${m(reason)}` };
  }
  const forms = raw.forms.map((f): FormShape => ({
    method: f.method,
    action: m(actionPath(f.action, page.url())),
    inputs: f.controls
      .filter((c) => !isButton(c))
      .map((c): FieldShape => ({ name: m(c.name), id: m(c.id), type: c.type, visible: c.visible })),
    buttons: f.controls.filter(isButton).map((c): ButtonShape => ({
      name: m(c.name),
      value: m(c.value),
      text: m(c.text),
      type: c.type,
      visible: c.visible,
    })),
  }));
  return { path, title: m(raw.title), headings: raw.headings.map(m), forms };
}

function isButton(c: RawControl): boolean {
  return c.tag === 'button' || ['submit', 'button', 'reset', 'image'].includes(c.type);
}
