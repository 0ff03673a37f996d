import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, withTempDir } from '../src/index.js';

describe('temp dirs', () => {
  it('creates distinct directories and removes them with their contents', () => {
    const a = tempDir('fl-x-');
    const b = tempDir('fl-x-');
    expect(a.path).not.toBe(b.path);
    writeFileSync(join(a.path, 'f'), 'x');
    a.remove();
    a.remove();
    b.remove();
    expect(existsSync(a.path)).toBe(false);
  });

  it('withTempDir removes the directory even when the callback throws', async () => {
    let seen = '';
    await expect(
      withTempDir((p) => {
        seen = p;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
    expect(await withTempDir((p) => existsSync(p))).toBe(true);
  });
});
