// Guards the layering rule: the core is sans-IO (no node:* imports, no dependencies, no adapters).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('./core/', import.meta.url));

/** The file without comments: doc examples may mention process.env, only code counts. */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('the core stays sans-IO', () => {
  it('imports only its own relative modules (and vitest / fast-check in tests), never process or require', () => {
    const offending: string[] = [];
    for (const name of readdirSync(coreDir)) {
      if (!name.endsWith('.ts')) continue;
      const isTest = name.endsWith('.test.ts');
      const code = codeOf(readFileSync(join(coreDir, name), 'utf8'));
      for (const m of code.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        const allowedInTests = isTest && (spec === 'vitest' || spec === 'fast-check');
        if (!spec.startsWith('./') && !allowedInTests) offending.push(`${name}: ${spec}`);
      }
      if (!isTest && /\bprocess\.|\brequire\(/.test(code)) offending.push(`${name}: process/require`);
    }
    expect(offending).toEqual([]);
  });
});
