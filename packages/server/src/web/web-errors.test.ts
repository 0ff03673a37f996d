import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEB_ERROR_STATUS } from './web-errors.js';

describe('docs/errors.md agrees with the web UI codes', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## faultline server'));
  const rows = new Map(
    section
      .split('\n')
      .filter((l) => /^\| FL_UI_/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => [cells[1]!, cells[2]!]),
  );
  it('lists every FL_UI_ code with its status, and no other', () => {
    expect(Object.fromEntries(rows)).toEqual(WEB_ERROR_STATUS);
  });
});
