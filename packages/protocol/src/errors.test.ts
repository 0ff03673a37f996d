import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProtocolError, PROTOCOL_ERROR_STATUS, ProtocolError } from './errors.js';

function docsSection(): Map<string, number> {
  const text = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('@faultline/protocol'));
  const rows = new Map<string, number>();
  for (const line of section?.split('\n') ?? []) {
    const m = /^\|\s*`?(FL_[A-Z_]+)`?\s*\|\s*(\d+)\s*\|/.exec(line);
    if (m) rows.set(m[1]!, Number(m[2]));
  }
  return rows;
}

describe('ProtocolError', () => {
  it('carries a stable code, its HTTP status and the cause', () => {
    const cause = new Error('inner');
    const err = new ProtocolError('FL_PROTOCOL_BAD_JSON', 'bad', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ProtocolError');
    expect(err.status).toBe(400);
    expect(err.cause).toBe(cause);
    expect(isProtocolError(err)).toBe(true);
    expect(isProtocolError(new Error('x'))).toBe(false);
  });

  it('matches docs/errors.md exactly (every code documented with its status, nothing extra)', () => {
    expect(Object.fromEntries(docsSection())).toEqual(PROTOCOL_ERROR_STATUS);
  });
});
