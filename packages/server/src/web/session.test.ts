import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSession, passwordFingerprint, signSession, verifySession } from './session.js';

const secret = randomBytes(32);

describe('session signing', () => {
  it('round-trips a session through its signed cookie value', () => {
    const s = newSession(secret, 7, 'scrypt$hash', 60_000, 1_000);
    const v = verifySession(secret, signSession(secret, s), 2_000);
    expect(v).toEqual(s);
    expect(v?.uid).toBe(7);
    expect(v?.exp).toBe(61_000);
  });
  it('gives every session a different random id', () => {
    expect(newSession(secret, 1, 'h', 1000).sid).not.toBe(newSession(secret, 1, 'h', 1000).sid);
  });
  it('rejects a cookie signed with another secret', () => {
    const value = signSession(randomBytes(32), newSession(secret, 1, 'h', 60_000));
    expect(verifySession(secret, value)).toBeUndefined();
  });
  it('rejects a tampered payload even with the original signature', () => {
    const value = signSession(secret, newSession(secret, 1, 'h', 60_000));
    const [, sig] = value.split('.');
    const forged = Buffer.from(
      JSON.stringify({ uid: 2, sid: 'x', exp: Date.now() + 1e6, pwf: 'x' }),
    ).toString('base64url');
    expect(verifySession(secret, `${forged}.${sig}`)).toBeUndefined();
  });
  it('rejects an expired session', () => {
    const value = signSession(secret, newSession(secret, 1, 'h', 1_000, 0));
    expect(verifySession(secret, value, 999)).toBeDefined();
    expect(verifySession(secret, value, 1_000)).toBeUndefined();
  });
  it('rejects garbage, missing parts and oversized values', () => {
    for (const v of [undefined, '', 'abc', '.sig', 'a.b.c', 'x'.repeat(2000)]) {
      expect(verifySession(secret, v)).toBeUndefined();
    }
  });
  it('rejects a validly signed payload of the wrong shape', () => {
    const body = Buffer.from(JSON.stringify({ uid: '1' })).toString('base64url');
    const sig = createHmac('sha256', secret).update(`session:${body}`).digest('base64url');
    expect(verifySession(secret, `${body}.${sig}`)).toBeUndefined();
  });
  it('fingerprints password hashes so a password change is detectable', () => {
    expect(passwordFingerprint(secret, 'a')).toBe(passwordFingerprint(secret, 'a'));
    expect(passwordFingerprint(secret, 'a')).not.toBe(passwordFingerprint(secret, 'b'));
    expect(passwordFingerprint(secret, 'a')).toHaveLength(16);
  });
});
