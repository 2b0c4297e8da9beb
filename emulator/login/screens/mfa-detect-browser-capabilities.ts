/**
 * @module emulator/login/screens/mfa-detect-browser-capabilities
 * `/u/mfa-detect-browser-capabilities` (prompt `mfa`): an auto-submitting page whose script
 * POSTs `js-available`, `webauthn-available`, `is-brave`, `webauthn-platform-available` and
 * `action=default` (auth0-behaviour.md §2.2). Shown once per transaction, before the first MFA
 * prompt; the result decides whether device biometrics can be offered (§2.1).
 */
import { detectCapabilitiesPage } from '../../views/mfa.ts';
import { screenContext, screenWhile, show, toCurrentStep } from '../screen.ts';

export const mfaDetectBrowserCapabilities = screenWhile(
  'mfa-detect-browser-capabilities',
  '/u/mfa-detect-browser-capabilities',
  // Once per transaction, after the first factor.
  (r) => (r.tx.capabilities || r.tx.awaitingFirstFactor ? undefined : true),
  (r, _pending, status) =>
    show(r, 'mfa-detect-browser-capabilities', status, detectCapabilitiesPage(screenContext(r))),
  async (r) => {
    const flag = (name: string) => r.body[name] === 'true';
    r.tx.markCapabilities({
      jsAvailable: flag('js-available'),
      webauthnAvailable: flag('webauthn-available'),
      webauthnPlatformAvailable: flag('webauthn-available') && flag('webauthn-platform-available'),
      isBrave: flag('is-brave'),
    });
    await toCurrentStep(r);
  },
);
