/**
 * @module emulator/flow/advance
 * The login flow engine as a pipeline: what happens between a successful first factor and the
 * redirect to the application (auth0-behaviour.md §1.3, §1.4), one step per row, in order, in the
 * way node-oidc-provider lists its authorization checks (`lib/actions/authorization/index.js`).
 *
 * Each step answers a step for the browser (the flow stops there), `AGAIN` (the state moved on:
 * start over from the top), or nothing (the next row runs). `advance` is re-entrant and
 * idempotent while the flow waits: every Universal Login POST that changes the transaction calls
 * it again and follows what it answers.
 */
import type { FlowEnv } from './env.ts';
import { evaluateMfa } from './mfa-evaluation.ts';
import { finish } from './finish.ts';
import { persistMetadata } from './metadata.ts';
import { nextMfaCommand } from './mfa-commands.ts';
import { nextAction } from './run-action.ts';
import { pendingPasskeyOffer } from './passkey-offer.ts';
import { pendingRecoveryCode } from './recovery-code.ts';
import { AGAIN, fail, type FlowStep, type StepOutcome } from './step.ts';
import type { LoginTransaction } from './transaction.ts';
import { awaitingFirstFactor, pendingError, pendingPrompt, suspendedForRedirect } from './waits.ts';

type PipelineStep = (env: FlowEnv, tx: LoginTransaction) => StepOutcome | Promise<StepOutcome>;

// The pipeline, in order (auth0-behaviour.md sections on the right).
// prettier-ignore
const PIPELINE: readonly PipelineStep[] = [
  pendingError,          // the login failed: the application gets the error
  awaitingFirstFactor,   // log in or sign up first                             §2.3
  pendingPasskeyOffer,   // passkeys on for the connection: offer one           §2.5
  suspendedForRedirect,  // api.redirect.sendUserTo: wait for /continue         §1.3
  pendingPrompt,         // an MFA prompt waits on the user                     §1.3
  pendingRecoveryCode,   // the recovery code issued with an enrollment         §2.5
  nextMfaCommand,        // detect the browser, then the next enroll/challenge  §1.3 §2.2
  nextAction,            // the next bound Action: event, run, result           §1.4 (2)
  persistMetadata,       // end of trigger: batched metadata written once       §1.3
  evaluateMfa,           // end-of-flow MFA evaluation: reads the snapshot      §1.4 (1)
  finish,                // amr, `s` log, custom claims for the tokens          §1.4
];

/** Rounds before the flow is declared stuck (each round moves the state on). */
const MAX_ROUNDS = 64;

/** Runs the flow as far as it goes without the user: a prompt, the finish or an error. */
export async function advance(env: FlowEnv, tx: LoginTransaction): Promise<FlowStep> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = await runPipeline(env, tx);
    if (outcome !== AGAIN) return outcome;
  }
  return fail(tx, 'The login flow did not converge.');
}

async function runPipeline(env: FlowEnv, tx: LoginTransaction): Promise<FlowStep | typeof AGAIN> {
  for (const step of PIPELINE) {
    const outcome = await step(env, tx);
    if (outcome !== undefined) return outcome;
  }
  // Unreachable: `finish` always answers.
  return fail(tx, 'The login flow has no step left.');
}
