/**
 * @module emulator/authentication/errors
 * Errors of Auth0's database-connection endpoints (`/dbconnections/*`), typed by their wire
 * code. Auth0 answers these endpoints in two shapes, and Auth0's own SDKs read both
 * (`@auth0/auth0-auth-js` `parseErrorBody`: `{error, error_description}` or
 * `{code, description}`):
 * - a user-level refusal: `{"name":"BadRequestError","code":"user_exists","description":"The user
 *   already exists.","statusCode":400}` (auth0.js's own signup tests use this body;
 *   https://auth0.com/docs/api/authentication#signup);
 * - a request-level refusal: `{"error":"invalid_request","error_description":"…"}`.
 */
import type { Context } from 'koa';

/** `{name, code, description, statusCode}`: how `/dbconnections/signup` refuses a user. */
export class DbConnectionsError extends Error {
  override name = 'DbConnectionsError';
  constructor(
    readonly statusCode: number,
    /** The wire `code` (`user_exists`, `invalid_password`, `invalid_signup`, …). */
    readonly code: string,
    readonly description: unknown,
    /** The wire `name` (`BadRequestError`, `PasswordStrengthError`). */
    readonly errorName = 'BadRequestError',
    /** Members beside `description` (the password policy's `message` and `policy`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(typeof description === 'string' ? description : code);
  }

  body(): Record<string, unknown> {
    return {
      name: this.errorName,
      ...this.extra,
      code: this.code,
      description: this.description,
      statusCode: this.statusCode,
    };
  }
}

/** `{error, error_description}`: a malformed request, an unknown client or connection. */
export class DbRequestError extends Error {
  override name = 'DbRequestError';
  constructor(
    readonly statusCode: number,
    /** The wire `error` (`invalid_request`, `unauthorized_client`, …). */
    readonly error: string,
    readonly errorDescription: string,
  ) {
    super(errorDescription);
  }
}

/** Writes either error to the response; anything else is rethrown. */
export function answerError(ctx: Context, err: unknown): void {
  if (err instanceof DbConnectionsError) {
    ctx.status = err.statusCode;
    ctx.body = err.body();
    return;
  }
  if (err instanceof DbRequestError) {
    ctx.status = err.statusCode;
    ctx.body = { error: err.error, error_description: err.errorDescription };
    return;
  }
  throw err;
}
