// Guards the layering rule: the core is sans-IO (no node:* imports, no dependencies, no adapters).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('./core/', import.meta.url));

describe('the core stays sans-IO', () => {
  it('imports only its own relative modules (and vitest / fast-check in tests)', () => {
    const offending: string[] = [];
    for (const name of readdirSync(coreDir)) {
      if (!name.endsWith('.ts')) continue;
      const text = readFileSync(join(coreDir, name), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        const allowedInTests = name.endsWith('.test.ts') && (spec === 'vitest' || spec === 'fast-check');
        if (!spec.startsWith('./') && !allowedInTests) offending.push(`${name}: ${spec}`);
      }
      if (/\bprocess\.|\brequire\(/.test(text) && !name.endsWith('.test.ts'))
        offending.push(`${name}: process/require`);
    }
    expect(offending).toEqual([]);
  });
});
