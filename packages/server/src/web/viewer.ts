// Who is asking: reads and checks the session cookie, loads the user and their projects; issues and
// clears session cookies.

import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../storage/types.js';
import type { Viewer, WebContext } from './context.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { csrfToken } from './csrf.js';
import { newSession, passwordFingerprint, signSession, verifySession } from './session.js';
import { WebError } from './web-errors.js';

export const SESSION_COOKIE = 'fl_session';
/** Anonymous forms (sign-in, set-up) bind their CSRF token to this random pre-session cookie. */
export const PRE_COOKIE = 'fl_pre';

/** The signed-in viewer of a request, or undefined (no, bad, expired or stale session). */
export async function loadViewer(ctx: WebContext, req: FastifyRequest): Promise<Viewer | undefined> {
  const session = verifySession(ctx.secret, parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  if (!session) return undefined;
  const user = await ctx.storage.getUser(session.uid);
  if (!user || user.disabledAt !== null) return undefined;
  // A password change (or reset by an admin) ends older sessions.
  if (passwordFingerprint(ctx.secret, user.passwordHash) !== session.pwf) return undefined;
  const projects = user.isAdmin
    ? await ctx.storage.listProjects()
    : await ctx.storage.listProjectsForUser(user.id);
  return { user, session, csrf: csrfToken(ctx.secret, session.sid), projects };
}

/** Starts a session for the user: sets the signed cookie. */
export function startSession(ctx: WebContext, reply: FastifyReply, user: User): void {
  const session = newSession(ctx.secret, user.id, user.passwordHash, ctx.sessionTtlMs);
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, signSession(ctx.secret, session), {
      maxAgeSeconds: Math.floor(ctx.sessionTtlMs / 1000),
      secure: ctx.secureCookies,
    }),
  );
}

/** Ends the session in this browser. */
export function clearSession(ctx: WebContext, reply: FastifyReply): void {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: ctx.secureCookies }),
  );
}

/** The pre-session id of an anonymous browser, creating (and setting) one when missing. */
export function preSession(ctx: WebContext, req: FastifyRequest, reply: FastifyReply): string {
  const existing = parseCookies(req.headers.cookie).get(PRE_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{22}$/.test(existing)) return existing;
  const id = randomBytes(16).toString('base64url');
  reply.header(
    'set-cookie',
    serializeCookie(PRE_COOKIE, id, { maxAgeSeconds: 3600, secure: ctx.secureCookies }),
  );
  return id;
}

/** The pre-session id sent with a request, if any. */
export function preSessionOf(req: FastifyRequest): string | undefined {
  return parseCookies(req.headers.cookie).get(PRE_COOKIE);
}

const viewers = new WeakMap<FastifyRequest, Viewer>();

/** Records the viewer the guard found for a request. */
export function rememberViewer(req: FastifyRequest, viewer: Viewer): void {
  viewers.set(req, viewer);
}

/** The viewer of a request if the guard found one (error pages use it for the top bar). */
export function viewerIfAny(req: FastifyRequest): Viewer | undefined {
  return viewers.get(req);
}

/** The signed-in viewer of a page request (set by the plugin's guard before any handler runs). */
export function viewerOf(req: FastifyRequest): Viewer {
  const v = viewers.get(req);
  if (!v) throw new WebError('FL_UI_FORBIDDEN', 403, 'Sign in first.');
  return v;
}

/** Sends a full HTML page. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
