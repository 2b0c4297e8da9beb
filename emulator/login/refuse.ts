/**
 * @module emulator/login/refuse
 * What every browser-facing login route (the Universal Login screens, `/continue`) shares at
 * its edge: reading the posted form and its `state`, and answering a refused or failed request
 * with the "Something Went Wrong" error page (auth0-behaviour.md §2.3: bad input never yields
 * a 500, an internal failure shows a generic page and keeps its details on the server console).
 */
import type { EmulatorContext } from '../context.ts';
import { queryParam, readBody, stringFields, type RouteContext } from '../http/router.ts';
import { errorPage } from '../views/layout.ts';
import { sendHtml } from './screen.ts';

/** The largest form body a login route reads. */
const FORM_LIMIT = 256 * 1024;

/**
 * The form of a POST (`{}` otherwise) and the request's `state`: the form's, else the query's.
 * @throws BodyError when the body is too large or unreadable.
 */
export async function readStateForm(
  ctx: RouteContext,
  post: boolean,
): Promise<{ body: Record<string, string>; state: string | undefined }> {
  const body = post ? stringFields(await readBody(ctx, FORM_LIMIT)) : {};
  return { body, state: body.state ?? queryParam(ctx, 'state') };
}

/** Sends the error page with its status, code and message. */
export function refuse(
  ctx: RouteContext,
  context: EmulatorContext,
  status: number,
  code: string,
  message: string,
): void {
  sendHtml(
    ctx,
    status,
    errorPage({
      title: 'Something Went Wrong',
      message,
      code,
      tenantName: context.tenant.settings.friendly_name,
    }),
  );
}

/** An internal failure: a generic 500 page, the details only on the server console. */
export function refuseServerError(
  ctx: RouteContext,
  context: EmulatorContext,
  tag: string,
  err: unknown,
): void {
  console.error(`[${tag}] ${ctx.method} ${ctx.path}:`, err);
  refuse(ctx, context, 500, 'server-error', 'Something went wrong, please try again later.');
}
