// Lives outside core/ because it reads files: the core itself stays free of node:* imports.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERRORS_CODES } from './index.js';

const srcDir = fileURLToPath(new URL('.', import.meta.url));

function docsRows(): Map<string, string> {
  const text = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('@faultline/errors'));
  const rows = new Map<string, string>();
  for (const line of section?.split('\n') ?? []) {
    const m = /^\|\s*(FL_[A-Z_]+)\s*\|\s*(\d+|—)\s*\|/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('docs/errors.md @faultline/errors section', () => {
  it('lists exactly the codes the package declares', () => {
    expect([...docsRows().keys()].sort()).toEqual([...ERRORS_CODES].sort());
  });

  it('every FL_ code written in the package source is documented', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'(FL_[A-Z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(0);
    const documented = docsRows();
    expect([...used].filter((code) => !documented.has(code))).toEqual([]);
  });

  it('errors thrown during a request are documented with status 500, setup-time ones with —', () => {
    const rows = docsRows();
    for (const code of ['FL_ERRORS_ABORT_UNKNOWN_CODE', 'FL_ERRORS_INVALID_HANDLER_RESULT']) {
      expect(rows.get(code)).toBe('500');
    }
    expect(rows.get('FL_ERRORS_UNKNOWN_STATUS_CODE')).toBe('—');
  });
});
