// CSRF defence in two layers. (1) Every form carries a token that is an HMAC of the session id, so
// it needs no storage and changes with every login; POSTs without the right token are refused.
// (2) The Origin (or, failing that, Referer) header of a POST must name this server, which stops
// forged cross-site requests even if a token ever leaked. SameSite=Lax cookies are a third layer.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The CSRF token for a session (or for the anonymous login form, keyed by a pre-session id). */
export function csrfToken(secret: Buffer, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

/** Constant-time check of a submitted token. */
export function checkCsrfToken(secret: Buffer, sessionId: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, sessionId));
  const given = Buffer.from(submitted);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * True when a state-changing request comes from our own pages: its Origin (or Referer, which
 * some browsers send instead on same-origin form posts) has the request's own host. A request with
 * neither header is allowed (non-browser clients; the token still protects it).
 */
export function sameOrigin(
  headers: { origin?: string; referer?: string; host?: string },
  allowedOrigins: readonly string[] = [],
): boolean {
  const source = headers.origin ?? headers.referer;
  if (source === undefined) return true;
  if (source === 'null') return false;
  let origin: string;
  try {
    origin = new URL(source).origin;
  } catch {
    return false;
  }
  if (allowedOrigins.includes(origin)) return true;
  if (!headers.host) return false;
  return origin === `http://${headers.host}` || origin === `https://${headers.host}`;
}
