// Sessions live in a signed cookie, not in the database: `base64url(json).base64url(hmac)`.
// The payload carries the user id, a random session id (the CSRF token derives from it), an expiry,
// and a short fingerprint of the user's password hash, so changing the password ends every other
// session without a session table. Roads not taken: a sessions table (one more write per login and
// a read per request) and JWT libraries (more algorithms than we want to accept).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  /** User id. */
  uid: number;
  /** Random session id, 16 bytes base64url. */
  sid: string;
  /** Expiry, epoch ms. */
  exp: number;
  /** Fingerprint of the password hash at login. */
  pwf: string;
}

function mac(secret: Buffer, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** Short, non-reversible fingerprint of a password hash, bound to the secret. */
export function passwordFingerprint(secret: Buffer, passwordHash: string): string {
  return mac(secret, `pwf:${passwordHash}`).slice(0, 16);
}

/** Creates a fresh session for a user. */
export function newSession(
  secret: Buffer,
  uid: number,
  passwordHash: string,
  ttlMs: number,
  now = Date.now(),
): Session {
  return {
    uid,
    sid: randomBytes(16).toString('base64url'),
    exp: now + ttlMs,
    pwf: passwordFingerprint(secret, passwordHash),
  };
}

/** Signs a session into a cookie value. */
export function signSession(secret: Buffer, session: Session): string {
  const body = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${body}.${mac(secret, `session:${body}`)}`;
}

/** Verifies a cookie value; returns the session only when the signature holds and it has not expired. */
export function verifySession(
  secret: Buffer,
  value: string | undefined,
  now = Date.now(),
): Session | undefined {
  if (!value || value.length > 1024) return undefined;
  const dot = value.indexOf('.');
  if (dot < 1) return undefined;
  const body = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(secret, `session:${body}`));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const s = parsed as Partial<Session>;
  if (
    typeof s.uid !== 'number' ||
    typeof s.sid !== 'string' ||
    typeof s.exp !== 'number' ||
    typeof s.pwf !== 'string'
  ) {
    return undefined;
  }
  if (s.exp <= now) return undefined;
  return s as Session;
}
