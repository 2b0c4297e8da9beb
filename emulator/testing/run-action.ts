/**
 * @module emulator/testing/run-action
 * For the Actions runtime's own tests: runs Action code in `executeAction` the way the
 * post-login trigger does (auth0-behaviour.md §1.3), with the sample event and no secrets
 * unless the test says otherwise.
 */
import { executeAction, type ExecuteActionInput } from '../actions/runtime.ts';
import { sampleEvent } from '../actions/sample-event.ts';

/** `exports.onExecutePostLogin = async (event, api) => { … }` around `body`. */
export const postLoginCode = (body: string): string =>
  `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};`;

/** Runs `code`'s `onExecutePostLogin` on `sampleEvent()` with no secrets; `extra` overrides. */
export function runAction(code: string, extra: Partial<ExecuteActionInput> = {}) {
  return executeAction({
    code,
    handler: 'onExecutePostLogin',
    event: sampleEvent(),
    secrets: {},
    ...extra,
  });
}

/** Runs `body` as the inside of `exports.onExecutePostLogin = async (event, api) => { … }`. */
export function runPostLogin(body: string, extra: Partial<ExecuteActionInput> = {}) {
  return runAction(postLoginCode(body), extra);
}
