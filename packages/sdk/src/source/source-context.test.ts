import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';
import { SourceContext } from './source-context.js';

describe('SourceContext', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-ctx-'));
  const file = join(dir, 'app.js');
  writeFileSync(file, Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n'));

  it('adds 5 lines each side of the frame line', () => {
    const frame = { abs_path: file, lineno: 10 };
    new SourceContext().addContext(frame);
    expect(frame).toMatchObject({
      pre_context: ['line 5', 'line 6', 'line 7', 'line 8', 'line 9'],
      context_line: 'line 10',
      post_context: ['line 11', 'line 12', 'line 13', 'line 14', 'line 15'],
    });
  });

  it('clips at the file edges and skips missing files and lines', () => {
    const ctx = new SourceContext();
    const first = { abs_path: file, lineno: 1 };
    ctx.addContext(first);
    expect(first).toMatchObject({ pre_context: [], context_line: 'line 1' });
    const missing = { abs_path: join(dir, 'nope.js'), lineno: 1 };
    ctx.addContext(missing);
    expect(missing).toEqual({ abs_path: join(dir, 'nope.js'), lineno: 1 });
    const beyond = { abs_path: file, lineno: 99 };
    ctx.addContext(beyond);
    expect(beyond).not.toHaveProperty('context_line');
  });

  it('reads a file once and serves later frames from the cache', () => {
    const cached = join(dir, 'cached.js');
    writeFileSync(cached, 'old\n');
    const ctx = new SourceContext();
    ctx.addContext({ abs_path: cached, lineno: 1 });
    writeFileSync(cached, 'new\n');
    const frame = { abs_path: cached, lineno: 1, context_line: undefined as string | undefined };
    ctx.addContext(frame);
    expect(frame.context_line).toBe('old');
  });

  it('windows long minified lines around the column', () => {
    const min = join(dir, 'min.js');
    writeFileSync(min, `${'a'.repeat(500)}THROW${'b'.repeat(500)}`);
    const frame: { abs_path: string; lineno: number; colno: number; context_line?: string } = {
      abs_path: min,
      lineno: 1,
      colno: 501,
    };
    new SourceContext().addContext(frame);
    expect(frame.context_line).toMatch(/^\{snip\} a+THROWb+ \{snip\}$/);
    expect(frame.context_line!.length).toBeLessThan(160);
  });
});

describe('Lru', () => {
  it('evicts the least recently used entry', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.size]).toEqual([true, false, true, 2]);
  });
});
