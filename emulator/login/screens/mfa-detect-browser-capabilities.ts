/**
 * @module emulator/login/screens/mfa-detect-browser-capabilities
 * `/u/mfa-detect-browser-capabilities` (prompt `mfa`): an auto-submitting page whose script
 * POSTs `js-available`, `webauthn-available`, `is-brave`, `webauthn-platform-available` and
 * `action=default` (auth0-behaviour.md §2.2). Shown once per transaction, before the first MFA
 * prompt; the result decides whether device biometrics can be offered (§2.1).
 */
import { detectCapabilitiesPage } from '../../views/mfa.ts';
import { advance } from '../flow.ts';
import { record } from '../transactions.ts';
import { follow, screenContext, show, toCurrentStep, type ScreenHandler } from '../screen.ts';

export const mfaDetectBrowserCapabilities: ScreenHandler = {
  path: '/u/mfa-detect-browser-capabilities',
  async get(r) {
    if (r.tx.capabilities || r.tx.flow.phase === 'first-factor') return toCurrentStep(r);
    show(r, 'mfa-detect-browser-capabilities', 200, detectCapabilitiesPage(screenContext(r)));
  },
  async post(r) {
    if (r.tx.capabilities || r.tx.flow.phase === 'first-factor') return toCurrentStep(r);
    const flag = (name: string) => r.body[name] === 'true';
    r.tx.capabilities = {
      jsAvailable: flag('js-available'),
      webauthnAvailable: flag('webauthn-available'),
      webauthnPlatformAvailable: flag('webauthn-available') && flag('webauthn-platform-available'),
      isBrave: flag('is-brave'),
    };
    record(r.tx, 'flow', 'browser-capabilities', { ...r.tx.capabilities });
    await follow(r, await advance(r.env, r.tx));
  },
};
