/**
 * @module emulator/actions/api-factors
 * The factor arguments of `api.authentication.enrollWith/enrollWithAny/challengeWith/
 * challengeWithAny`, validated as the v3 `.d.ts` types them and recorded as an MFA command.
 * Source: https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-api-object
 * (auth0-behaviour.md §1.3).
 */
import type { MfaCommand } from './result.ts';
import { CHALLENGE_FACTOR_TYPES, ENROLL_FACTOR_TYPES } from './types.ts';

/** How values leave the Action's realm: its own TypeError, and a JSON copy. */
export interface RealmValues {
  typeError: (message: string) => Error;
  plain: (value: unknown, what: string) => unknown;
}

type Factor = MfaCommand['factors'][number];

function factor(
  value: unknown,
  allowed: readonly string[],
  method: string,
  r: RealmValues,
): Factor {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw r.typeError(`${method}: a factor must be an object like { type: 'otp' }`);
  }
  const { type, options } = value as { type?: unknown; options?: unknown };
  if (typeof type !== 'string' || !allowed.includes(type)) {
    throw r.typeError(
      `${method}: invalid factor type ${JSON.stringify(type)}, expected one of ${allowed.join(', ')}`,
    );
  }
  if (options === undefined) return { type };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw r.typeError(`${method}: factor options must be an object`);
  }
  const opts = r.plain(options, method) as Record<string, unknown>;
  if (
    type === 'phone' &&
    opts.preferredMethod !== undefined &&
    !['sms', 'voice', 'both'].includes(opts.preferredMethod as string)
  ) {
    throw r.typeError(`${method}: phone options.preferredMethod must be one of sms, voice, both`);
  }
  if (
    type.startsWith('push') &&
    opts.otpFallback !== undefined &&
    typeof opts.otpFallback !== 'boolean'
  ) {
    throw r.typeError(`${method}: push options.otpFallback must be a boolean`);
  }
  return { type, options: opts };
}

function factorList(
  value: unknown,
  allowed: readonly string[],
  method: string,
  nonEmpty: boolean,
  r: RealmValues,
): Factor[] {
  if (!Array.isArray(value) || (nonEmpty && value.length === 0)) {
    throw r.typeError(`${method}: factors must be ${nonEmpty ? 'a non-empty' : 'an'} array`);
  }
  return value.map((f) => factor(f, allowed, method, r));
}

/**
 * One `enrollWith…`/`challengeWith…` call as a command: `first` is the factor (or, with the
 * picker `…Any` methods, the non-empty list), `rest` the options with `additionalFactors`.
 */
export function mfaCommand(
  kind: MfaCommand['kind'],
  picker: boolean,
  first: unknown,
  rest: unknown,
  r: RealmValues,
): MfaCommand {
  const allowed = kind === 'enroll' ? ENROLL_FACTOR_TYPES : CHALLENGE_FACTOR_TYPES;
  const method = `api.authentication.${kind}With${picker ? 'Any' : ''}`;
  if (picker) return { kind, picker, factors: factorList(first, allowed, method, true, r) };
  const factors = [factor(first, allowed, method, r)];
  if (rest !== undefined && rest !== null) {
    if (typeof rest !== 'object') throw r.typeError(`${method}: options must be an object`);
    const additional = (rest as { additionalFactors?: unknown }).additionalFactors;
    if (additional !== undefined)
      factors.push(...factorList(additional, allowed, method, false, r));
  }
  return { kind, picker, factors };
}
