import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_ERROR_STATUS } from './errors.js';

describe('docs/errors.md, faultline server section', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## faultline server'));
  const rows = new Map(
    section
      .split('\n')
      .filter((l) => /^\| FL_/.test(l))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => [cells[1]!, cells[2]!]),
  );

  it('lists every server code with its status', () => {
    for (const [code, status] of Object.entries(SERVER_ERROR_STATUS)) {
      expect(rows.get(code), code).toBe(status === null ? '—' : String(status));
    }
  });

  it('lists no code of ours (config, ingest, API, CLI) that the code does not have', () => {
    // Storage and the web UI document their own codes in this section and check them themselves.
    const documented = [...rows.keys()].filter((c) => /^FL_(CONFIG|INGEST|API|CLI)_/.test(c));
    expect(documented.sort()).toEqual(Object.keys(SERVER_ERROR_STATUS).sort());
  });
});
