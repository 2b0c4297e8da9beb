/**
 * @module emulator/http/errors
 * Management API errors, typed by their wire code and serialised in one place, in Auth0's
 * shape: `{"statusCode":400,"error":"Bad Request","message":"…","errorCode":"invalid_body"}`
 * (auth0-behaviour.md §3.4).
 */

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export interface ManagementErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
}

/** An error the Management API returns to its caller. */
export class ManagementApiError extends Error {
  override name = 'ManagementApiError';
  constructor(
    readonly statusCode: number,
    readonly errorCode: string | undefined,
    message: string,
    /** Extra response headers (e.g. `WWW-Authenticate`, `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ManagementErrorBody {
    return {
      statusCode: this.statusCode,
      error: REASONS[this.statusCode] ?? 'Error',
      message: this.message,
      ...(this.errorCode ? { errorCode: this.errorCode } : {}),
    };
  }
}

export const badRequest = (message: string, errorCode = 'invalid_body') =>
  new ManagementApiError(400, errorCode, message);
export const notFound = (message: string, errorCode = 'inexistent_resource') =>
  new ManagementApiError(404, errorCode, message);
export const conflict = (message: string, errorCode = 'conflict') =>
  new ManagementApiError(409, errorCode, message);
export const unauthorized = (message: string, errorCode = 'invalid_token') =>
  new ManagementApiError(401, errorCode, message, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"`,
  });
export const forbidden = (message: string, errorCode = 'insufficient_scope') =>
  new ManagementApiError(403, errorCode, message);

/** Serialises anything thrown in a Management API handler; internals never leak (500 is generic). */
export function toManagementErrorBody(err: unknown): {
  status: number;
  body: ManagementErrorBody;
  headers: Record<string, string>;
} {
  if (err instanceof ManagementApiError) {
    return { status: err.statusCode, body: err.toBody(), headers: err.headers };
  }
  return {
    status: 500,
    body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal error' },
    headers: {},
  };
}
