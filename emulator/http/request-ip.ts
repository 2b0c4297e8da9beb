/**
 * @module emulator/http/request-ip
 * The client address of a request, for log events. Never throws: once a socket is closed
 * (e.g. after a 413 on an oversized body) Node detaches it from the request, and reading
 * `req.socket.remoteAddress` would turn a log line into a 500 (reliability audit §6).
 */
import type { Context } from 'koa';
import { clientIp } from '../tenant/logs.ts';

/** `ctx`'s peer address in the text Auth0's log schema requires; `127.0.0.1` when unknown. */
export function requestIp(ctx: Context): string {
  const socket = (ctx.req as { socket?: { remoteAddress?: string } | null }).socket;
  return clientIp(socket?.remoteAddress);
}
