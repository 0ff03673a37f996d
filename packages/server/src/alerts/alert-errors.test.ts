import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_ERROR_STATUS } from './alert-errors.js';

describe('docs/errors.md, alert codes', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## faultline server'));
  const rows = new Map(
    section
      .split('\n')
      .filter((l) => /^\| FL_ALERT_/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => [cells[1]!, cells[2]!]),
  );

  it('lists every alert code with its status, and no other', () => {
    for (const [code, status] of Object.entries(ALERT_ERROR_STATUS))
      expect(rows.get(code), code).toBe(status === null ? '—' : String(status));
    expect([...rows.keys()].sort()).toEqual(Object.keys(ALERT_ERROR_STATUS).sort());
  });
});
