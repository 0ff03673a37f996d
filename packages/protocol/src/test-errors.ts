// Test-only helper (excluded from the build by the `test-*` pattern).
import { expect } from 'vitest';
import { ProtocolError } from './errors.js';

/** The ProtocolError code `fn` throws; fails the test when it throws anything else or nothing. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return (err as ProtocolError).code;
  }
  throw new Error('expected a ProtocolError');
}
