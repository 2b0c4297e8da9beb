/**
 * @module emulator/management/test-client
 * Moved to `emulator/testing/management-client.ts` (emulator test support lives in
 * `emulator/testing/`); this re-export keeps existing imports working.
 */
export * from '../testing/management-client.ts';
