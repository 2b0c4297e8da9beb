/**
 * @module emulator/login/screens/mfa-options
 * The factor pickers: `/u/mfa-login-options` (challenge) and `/u/mfa-begin-enroll-options`
 * (enrollment). Each button posts `action=<factor>::<index>` as real pages do (live-fidelity
 * U17); the bare `action=<factor>` that ACUL posts is accepted too (auth0-behaviour.md §2.4).
 * Anything else — a factor not offered, an index the page did not render — is refused. Shown
 * for `challengeWithAny` / `enrollWithAny` with more than one usable factor, and after "Try
 * another method".
 */
import type { PromptView } from '../../flow/transaction.ts';
import type { ScreenError } from '../../views/layout.ts';
import { beginEnrollOptionsPage, loginOptionsPage, pickerValue } from '../../views/mfa.ts';
import type { ScreenName } from '../screen-for-prompt.ts';
import {
  promptFor,
  screenContext,
  screenWhile,
  show,
  toCurrentStep,
  type ScreenHandler,
  type ScreenRequest,
} from '../screen.ts';

function picker<N extends ScreenName>(
  name: N,
  path: string,
  kind: 'challenge' | 'enroll',
): ScreenHandler<N> {
  const page = kind === 'challenge' ? loginOptionsPage : beginEnrollOptionsPage;
  const render = (r: ScreenRequest, { factors }: PromptView, status: number, error?: ScreenError) =>
    show(r, name, status, page({ ctx: screenContext(r), factors, error }), { factors });
  return screenWhile(
    name,
    path,
    (r) => promptFor(r, name),
    render,
    async (r, prompt) => {
      const factor = chosenFactor(r.body.action ?? '', prompt.factors);
      if (!factor || !r.tx.selectFactor(factor)) {
        return render(r, prompt, 400, {
          code: 'invalid-action',
          message: 'Please select a method.',
        });
      }
      // The chosen factor's screen.
      await toCurrentStep(r);
    },
  );
}

/**
 * The factor a picker POST chose: the bare factor, or exactly one of the rendered
 * `<factor>::<index>` values; undefined for anything else.
 */
export function chosenFactor(action: string, offered: readonly string[]): string | undefined {
  if (offered.includes(action)) return action;
  return offered.find((f, i) => pickerValue(f, i) === action);
}

export const mfaLoginOptions = picker('mfa-login-options', '/u/mfa-login-options', 'challenge');
export const mfaBeginEnrollOptions = picker(
  'mfa-begin-enroll-options',
  '/u/mfa-begin-enroll-options',
  'enroll',
);
