import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { framesFromStack } from '../stack/frames.js';
import { SourceContext } from './source-context.js';
import { SourceMaps } from './source-maps.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const BIN = join(ROOT, 'node_modules/.bin');
const TS = `interface Cart { total: number }

export function checkout(cart: Cart): number {
  const ratio: number = cart.total / 0;
  throw new Error(\`checkout failed \${ratio}\`);
}

checkout({ total: 42 });
`;

// Runs compiled JavaScript in a plain node (no source-map support) and returns the printed stack.
function stackOf(file: string): string {
  try {
    execFileSync(process.execPath, [file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    return String((error as { stderr: string }).stderr);
  }
  throw new Error('expected the script to throw');
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fl-maps-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'checkout.ts'), TS);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  return dir;
}

// The throwing line of TS, as source text (a template literal inside).
const CONTEXT_LINE = TS.split('\n')[4];
const tools = () => ({ sourceMaps: new SourceMaps(), sourceContext: new SourceContext() });

describe('SourceMaps', () => {
  it('maps tsc output with .map files back to the TypeScript lines, columns and context', () => {
    const dir = project();
    execFileSync(join(BIN, 'tsc'), [
      '--ignoreConfig',
      '--sourceMap',
      '--target',
      'es2022',
      '--module',
      'nodenext',
      '--outDir',
      join(dir, 'dist'),
      join(dir, 'src', 'checkout.ts'),
    ]);
    const frames = framesFromStack(stackOf(join(dir, 'dist', 'checkout.js')), tools());
    const top = frames.at(-1)!;
    expect(top).toMatchObject({
      abs_path: join(dir, 'src', 'checkout.ts'),
      function: 'checkout',
      lineno: 5,
      colno: 9,
      in_app: true,
      context_line: CONTEXT_LINE,
    });
    expect(top.pre_context).toContain('interface Cart { total: number }');
  });

  it('maps tsc output with an inline source map', () => {
    const dir = project();
    execFileSync(join(BIN, 'tsc'), [
      '--ignoreConfig',
      '--inlineSourceMap',
      '--target',
      'es2022',
      '--module',
      'nodenext',
      '--outDir',
      join(dir, 'out'),
      join(dir, 'src', 'checkout.ts'),
    ]);
    const top = framesFromStack(stackOf(join(dir, 'out', 'checkout.js')), tools()).at(-1)!;
    expect(top).toMatchObject({ abs_path: join(dir, 'src', 'checkout.ts'), lineno: 5, colno: 9 });
  });

  it('maps a minified esbuild bundle, with context from the embedded sources', () => {
    const dir = project();
    const out = join(dir, 'bundle', 'app.mjs');
    execFileSync(join(BIN, 'esbuild'), [
      join(dir, 'src', 'checkout.ts'),
      '--bundle',
      '--minify',
      '--sourcemap',
      '--platform=node',
      '--format=esm',
      `--outfile=${out}`,
    ]);
    const top = framesFromStack(stackOf(out), tools()).at(-1)!;
    expect(top).toMatchObject({
      abs_path: join(dir, 'src', 'checkout.ts'),
      lineno: 5,
      context_line: CONTEXT_LINE,
      in_app: true,
    });
  });

  it('takes the TypeScript positions a loader (tsx) already put in the stack, with context from disk', () => {
    const dir = project();
    let stack = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'src', 'checkout.ts')], {
        stdio: 'pipe',
        cwd: ROOT,
      });
    } catch (error) {
      stack = String((error as { stderr: Buffer }).stderr);
    }
    const top = framesFromStack(stack, tools()).at(-1)!;
    expect(top).toMatchObject({
      abs_path: join(dir, 'src', 'checkout.ts'),
      function: 'checkout',
      lineno: 5,
      context_line: CONTEXT_LINE,
    });
  });

  it('leaves frames without a map untouched and caches the miss', () => {
    const dir = project();
    const plain = join(dir, 'plain.js');
    writeFileSync(plain, 'throw new Error("plain");\n');
    const maps = new SourceMaps();
    const frame = { abs_path: plain, filename: plain, lineno: 1, colno: 7 };
    expect(maps.mapFrame(frame)).toBeUndefined();
    expect(frame).toEqual({ abs_path: plain, filename: plain, lineno: 1, colno: 7 });
    expect(maps.load(plain)).toBeNull();
  });
});
