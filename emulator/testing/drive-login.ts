/**
 * @module emulator/testing/drive-login
 * Drives the login flow engine without HTTP, the way Universal Login would: a seeded tenant with
 * the real Actions runtime (`flowTestbed`), and `driveLogin`, which answers the engine's prompts
 * from a script — capability detection, then the enrollments, challenges and postponements it
 * is told to perform, in order — storing enrolled authenticators on the user as the enrollment
 * screens do. It stops at the first prompt the script does not answer, or at the finish or an
 * error, and reports every prompt it met, so a test asserts the whole choreography in one line.
 */
import { randomUUID } from 'node:crypto';
import { executeAction } from '../actions/runtime.ts';
import { fromEnv } from '../config.ts';
import { advance } from '../flow/advance.ts';
import type { FlowEnv } from '../flow/env.ts';
import { onFirstFactor } from '../flow/first-factor.ts';
import { completePrompt, skipPrompt } from '../flow/pause.ts';
import { promptLabel, type FlowStep } from '../flow/step.ts';
import type { LoginTransaction } from '../flow/transaction.ts';
import type { BrowserCapabilities, PromptFactor } from '../flow/transaction-state.ts';
import { transactionFor } from '../flow/transactions.ts';
import { liveUser } from '../flow/user-reads.ts';
import { Tenant, type UserRecord } from '../tenant/store.ts';
import { createUser } from '../tenant/users.ts';

/** A browser with a platform authenticator (what Chromium with the CDP authenticator reports). */
export const CAPABLE: BrowserCapabilities = {
  jsAvailable: true,
  webauthnAvailable: true,
  webauthnPlatformAvailable: true,
  isBrave: false,
};

/** A seeded tenant, a flow environment on it, and factories for transactions and users. */
export interface FlowTestbed {
  tenant: Tenant;
  env: FlowEnv;
  /** A transaction of the seeded test application, waiting for the first factor. */
  newTx: () => LoginTransaction;
  /** A new database user with no factor. */
  newUser: () => Promise<UserRecord>;
}

/**
 * A flow environment on a fresh tenant (no Action bound), or on the given one.
 * @param opts.userReads `snapshot` (documented) or `fresh` (EMULATOR_USER_READS); default snapshot.
 * @param opts.runAction the Actions runtime; default the real one (`executeAction`).
 * @param opts.tenant a tenant to use, e.g. an in-process emulator's (`emulator.context.tenant`).
 */
export function flowTestbed(
  opts: {
    userReads?: FlowEnv['userReads'];
    runAction?: FlowEnv['runAction'];
    tenant?: Tenant;
  } = {},
): FlowTestbed {
  const tenant = opts.tenant ?? Tenant.seed({ ...fromEnv({}), port: 0 });
  const env: FlowEnv = {
    tenant,
    userReads: opts.userReads ?? 'snapshot',
    runAction: opts.runAction ?? executeAction,
    request: {
      ip: '127.0.0.1',
      method: 'POST',
      path: '/u/login',
      hostname: 'localhost:4010',
      query: {},
      body: {},
    },
  };
  const newTx = () =>
    transactionFor(tenant, randomUUID(), tenant.config.app.clientId, {
      redirect_uri: 'http://localhost:3000/callback',
      state: 'app-state',
      scope: 'openid profile email',
    });
  const newUser = () =>
    createUser(tenant, {
      email: `flow-${randomUUID()}@example.com`,
      password: 'Corr3ct-Horse-Battery',
      connection: tenant.connection.name,
    });
  return { tenant, env, newTx, newUser };
}

/** Stores a confirmed authenticator on the user, as a finished enrollment screen does. */
export function enrollFactor(user: UserRecord, type: PromptFactor): void {
  const created_at = new Date().toISOString();
  user.authenticators.push(
    type === 'otp'
      ? {
          type,
          id: `totp|dev_${randomUUID()}`,
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          confirmed: true,
          created_at,
          usedSteps: [],
        }
      : {
          type,
          id: `webauthn-platform|dev_${randomUUID()}`,
          credentialId: randomUUID(),
          publicKey: 'AA',
          counter: 0,
          transports: ['internal'],
          name: 'Chrome on Linux',
          confirmed: true,
          created_at,
        },
  );
}

/** What the user does, in order of the prompts that ask for it. */
export interface LoginScript {
  /** The user whose first factor succeeds; omit when the transaction is past the first factor. */
  user?: UserRecord;
  /** What capability detection reports (default `CAPABLE`); `false` stops at that prompt. */
  capabilities?: BrowserCapabilities | false;
  /** Factors to enroll, in the order the flow should ask for them. */
  enroll?: PromptFactor[];
  /** Factors to pass a challenge with, in order. */
  challenge?: PromptFactor[];
  /** Enrollments to postpone ("Remind me later"), in order. */
  postpone?: PromptFactor[];
  /** Confirm having saved a recovery code when one is shown (default true); false stops there. */
  saveRecoveryCode?: boolean;
}

/** Where a driven login stopped, and every prompt it met on the way (`promptLabel`). */
export interface DrivenLogin {
  step: FlowStep;
  prompts: string[];
}

/** Prompts answered before the driver gives up (the flow caps MFA commands at four). */
const MAX_PROMPTS = 32;

/**
 * Runs a transaction as far as the script goes: the first factor, then `advance` and an answer
 * for each prompt until a prompt the script does not answer, the finish, or an error.
 * @example
 * const run = await driveLogin(env, tx, { user, enroll: ['otp', 'webauthn-platform'] });
 * expect(run.prompts).toEqual(['browser-capabilities', 'enroll otp', 'enroll webauthn-platform']);
 */
export async function driveLogin(
  env: FlowEnv,
  tx: LoginTransaction,
  script: LoginScript,
): Promise<DrivenLogin> {
  if (script.user && tx.awaitingFirstFactor) onFirstFactor(env, tx, script.user);
  const capabilities = script.capabilities ?? CAPABLE;
  const enroll = [...(script.enroll ?? [])];
  const challenge = [...(script.challenge ?? [])];
  const postpone = [...(script.postpone ?? [])];
  const prompts: string[] = [];
  for (let answered = 0; answered < MAX_PROMPTS; answered++) {
    const step = await advance(env, tx);
    if (step.kind !== 'prompt') return { step, prompts };
    const { prompt } = step;
    prompts.push(promptLabel(prompt));
    if (prompt.name === 'first-factor') return { step, prompts };
    if (prompt.name === 'browser-capabilities') {
      if (!capabilities) return { step, prompts };
      tx.markCapabilities(capabilities);
      continue;
    }
    if (prompt.name === 'passkey-enrollment') {
      tx.declinePasskeyOffer(); // "Continue without passkeys"
      continue;
    }
    if (prompt.name === 'recovery-code') {
      if (script.saveRecoveryCode === false) return { step, prompts };
      tx.confirmRecoveryCodeSaved();
      continue;
    }
    const { kind, selected, factors } = prompt.mfa;
    const wanted = kind === 'challenge' ? [challenge] : [enroll, postpone];
    if (!selected) {
      // The picker: choose the next scripted factor it offers.
      const choice = wanted.map((list) => list[0]).find((f) => f && factors.includes(f));
      if (!choice || !tx.selectFactor(choice)) return { step, prompts };
      continue;
    }
    if (kind === 'challenge' && challenge[0] === selected) {
      challenge.shift();
      completePrompt(env, tx, selected, 'challenged');
    } else if (kind === 'enroll' && enroll[0] === selected) {
      enroll.shift();
      const user = liveUser(env, tx);
      if (user) enrollFactor(user, selected);
      completePrompt(env, tx, selected, 'enrolled');
    } else if (kind === 'enroll' && postpone[0] === selected) {
      postpone.shift();
      skipPrompt(env, tx, selected, 'snooze-enrollment');
    } else {
      return { step, prompts };
    }
  }
  throw new Error(`driveLogin: more than ${MAX_PROMPTS} prompts: ${prompts.join(', ')}`);
}
