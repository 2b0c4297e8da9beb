/**
 * @module emulator/testing/management-fixtures
 * Fixtures for the Management API's own tests, on top of the emulator fixture: `mgmt`, the
 * unmodified auth0 SDK with the seeded M2M credentials (management-client.ts), `token`, a
 * Management API token with every granted scope, and `createUser`, a database-connection user
 * made through the SDK with a unique email and a password the default policy accepts. Also the
 * error body Auth0 answers a refused request with.
 */
import type { ManagementClient } from 'auth0';
import { expect, test as base } from './fixtures.ts';
import {
  api,
  GOOD_PASSWORD,
  managementClient,
  managementToken,
  uniqueEmail,
} from './management-client.ts';

type CreateUserBody = Parameters<ManagementClient['users']['create']>[0];
type CreatedUser = Awaited<ReturnType<ManagementClient['users']['create']>>;

export interface ManagementFixtures {
  mgmt: ManagementClient;
  token: string;
  /**
   * Creates a user in the tenant's database connection: `uniqueEmail(tag)`, `GOOD_PASSWORD`,
   * and any other field of the request in `extra` (an `email` there replaces the unique one).
   */
  createUser: (tag: string, extra?: Partial<CreateUserBody>) => Promise<CreatedUser>;
  /**
   * Creates an application with `POST /clients` (expecting 201), runs `run` with the record
   * Auth0 answered, then deletes the application whatever `run` did; returns that record.
   */
  withClient: (
    body: Record<string, unknown>,
    run: (created: Record<string, unknown>) => Promise<void> | void,
  ) => Promise<Record<string, unknown>>;
}

export const test = base.extend<ManagementFixtures>({
  mgmt: async ({ emulator }, use) => use(managementClient(emulator)),
  token: async ({ emulator }, use) => use(await managementToken(emulator)),
  createUser: async ({ emulator, mgmt }, use) =>
    use((tag, extra = {}) =>
      mgmt.users.create({
        connection: emulator.context.tenant.connection.name,
        email: uniqueEmail(tag),
        password: GOOD_PASSWORD,
        ...extra,
      }),
    ),
  withClient: async ({ emulator, token }, use) =>
    use(async (body, run) => {
      const res = await api(emulator, 'POST', '/clients', { token, json: body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const created = res.body as Record<string, unknown>;
      try {
        await run(created);
      } finally {
        await api(emulator, 'DELETE', `/clients/${String(created.client_id)}`, { token });
      }
      return created;
    }),
});

/** The HTTP reason phrases of the statuses the Management API refuses requests with. */
const REASONS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
} as const;

/**
 * The JSON body of a refused Management API request: `{ statusCode, error, message, errorCode }`,
 * `error` being the status's reason phrase (auth0-behaviour.md §3.4; node-auth0's `parseError`,
 * https://github.com/auth0/node-auth0/blob/v4.37.0/src/management/management-client.ts).
 */
export function apiError(
  statusCode: keyof typeof REASONS,
  message: string,
  errorCode: string,
): { statusCode: number; error: string; message: string; errorCode: string } {
  return { statusCode, error: REASONS[statusCode], message, errorCode };
}

export { expect } from './fixtures.ts';
