/**
 * @module emulator/login/screens/mfa-detect-browser-capabilities
 * `/u/mfa-detect-browser-capabilities` (prompt `mfa`): an auto-submitting page whose script
 * POSTs `js-available`, `webauthn-available`, `is-brave`, `webauthn-platform-available` and
 * `action=default` (auth0-behaviour.md §2.2). Shown once per transaction, before the first MFA
 * prompt; the result decides whether device biometrics can be offered (§2.1).
 */
import { detectCapabilitiesPage } from '../../views/mfa.ts';
import { advance } from '../../flow/advance.ts';
import { follow, screenContext, show, toCurrentStep, type ScreenHandler } from '../screen.ts';

const PATH = '/u/mfa-detect-browser-capabilities';

export const mfaDetectBrowserCapabilities: ScreenHandler<'mfa-detect-browser-capabilities'> = {
  name: 'mfa-detect-browser-capabilities',
  path: PATH,
  async get(r) {
    if (r.tx.capabilities || r.tx.awaitingFirstFactor) return toCurrentStep(r);
    show(r, 'mfa-detect-browser-capabilities', 200, detectCapabilitiesPage(screenContext(r)));
  },
  async post(r) {
    if (r.tx.capabilities || r.tx.awaitingFirstFactor) return toCurrentStep(r);
    const flag = (name: string) => r.body[name] === 'true';
    r.tx.markCapabilities({
      jsAvailable: flag('js-available'),
      webauthnAvailable: flag('webauthn-available'),
      webauthnPlatformAvailable: flag('webauthn-available') && flag('webauthn-platform-available'),
      isBrave: flag('is-brave'),
    });
    await follow(r, await advance(r.env, r.tx));
  },
};
