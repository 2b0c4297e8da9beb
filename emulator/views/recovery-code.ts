/**
 * @module emulator/views/recovery-code
 * `/u/mfa-recovery-code-enrollment` (prompt `mfa-recovery-code`): the recovery code, "Copy
 * code", the checkbox and Continue. Texts are Auth0's default text keys of the screen
 * (auth0/docs text-customization-prompts/mfa-recovery-code.md): title "Almost There!", the
 * description, `checkboxText` "I have safely recorded this number", `copyCodeButtonText`,
 * `buttonText` "Continue". The form posts `saved=on` and `action=default` (ACUL
 * `MfaRecoveryCodeEnrollment.continue()`). The element showing the code on a real page is not
 * public: here `#recovery-code` (`[data-testid="recovery-code"]`), text only.
 */
import {
  alertBox,
  copyableCode,
  copyCodeScript,
  form,
  page,
  primaryButton,
  type ScreenModel,
} from './layout.ts';

export function recoveryCodePage(m: ScreenModel & { code: string }): string {
  return page({
    screen: 'mfa-recovery-code-enrollment',
    prompt: 'mfa-recovery-code',
    title: 'Almost There!',
    description:
      'Copy this recovery code and keep it somewhere safe. You’ll need it if you ever need to log in without your device.',
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${copyableCode('recovery-code', m.code, 'Secure code to copy')}
<label class="checkbox"><input type="checkbox" name="saved" id="saved" required> I have safely recorded this number</label>
${primaryButton('Continue')}`,
)}`,
    script: copyCodeScript('recovery-code'),
  });
}
