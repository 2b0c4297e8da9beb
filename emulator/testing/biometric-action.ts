/**
 * @module emulator/testing/biometric-action
 * The source of the journey's post-login Action (`actions/biometric-enrollment.js`: enroll OTP,
 * then device biometrics; challenge device biometrics once enrolled), for tests that bind it.
 */
import { readFileSync } from 'node:fs';

export const BIOMETRIC_ACTION = readFileSync(
  new URL('../../actions/biometric-enrollment.js', import.meta.url),
  'utf8',
);
