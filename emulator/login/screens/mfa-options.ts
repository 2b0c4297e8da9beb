/**
 * @module emulator/login/screens/mfa-options
 * The factor pickers: `/u/mfa-login-options` (challenge) and `/u/mfa-begin-enroll-options`
 * (enrollment). POST `action=<factor>` (auth0-behaviour.md §2.4). Shown for
 * `challengeWithAny` / `enrollWithAny` with more than one usable factor, and after "Try
 * another method".
 */
import type { ScreenError } from '../../views/layout.ts';
import { beginEnrollOptionsPage, loginOptionsPage } from '../../views/mfa.ts';
import { screenForPrompt } from '../flow.ts';
import type { PromptFactor } from '../transactions.ts';
import {
  promptFor,
  redirect,
  screenContext,
  show,
  toCurrentStep,
  withState,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

function picker(path: string, kind: 'challenge' | 'enroll'): ScreenHandler {
  const screen = path.slice(3);
  const render = (
    r: ScreenRequest,
    status: number,
    factors: readonly string[],
    error?: ScreenError,
  ) => {
    const ctx = screenContext(r);
    const html =
      kind === 'challenge'
        ? loginOptionsPage({ ctx, factors, ...(error ? { error } : {}) })
        : beginEnrollOptionsPage({ ctx, factors, ...(error ? { error } : {}) });
    show(r, screen, status, html, { factors });
  };
  return {
    path,
    async get(r) {
      const prompt = promptFor(r, path);
      if (!prompt) return toCurrentStep(r);
      render(r, 200, prompt.factors);
    },
    async post(r) {
      const prompt = promptFor(r, path);
      if (!prompt) return toCurrentStep(r);
      const choice = r.body.action as PromptFactor;
      if (!prompt.factors.includes(choice)) {
        return render(r, 400, prompt.factors, {
          code: 'invalid-action',
          message: 'Please select a method.',
        });
      }
      prompt.selected = choice;
      redirect(r.ctx, withState(screenForPrompt(prompt), r.tx.uid));
    },
  };
}

export const mfaLoginOptions = picker('/u/mfa-login-options', 'challenge');
export const mfaBeginEnrollOptions = picker('/u/mfa-begin-enroll-options', 'enroll');
