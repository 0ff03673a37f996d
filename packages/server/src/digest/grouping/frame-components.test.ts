import { describe, expect, it } from 'vitest';
import { cleanFunction, frameComponent, isInApp, moduleFromUrl } from './frame-components.js';

describe('cleanFunction (JS rules)', () => {
  it.each([
    ['Object.foo', 'foo'],
    ['Function.bar', 'bar'],
    ['Timeout._onTimeout', '_onTimeout'],
    ['async handleRequest', 'handleRequest'],
    ['new Worker', 'Worker'],
    ['at processTicks', 'processTicks'],
    ['Object.Xn [as withScope]', undefined],
    ['Object.handler [as run]', 'handler'],
    ['Promise.all (index 0)', 'all'],
    ['<anonymous>', undefined],
    ['Server.<anonymous>', undefined],
    ['Object.?', undefined],
    ['?', undefined],
    ['', undefined],
    ['foo/<', undefined],
    ['hn', undefined],
    ['e', undefined],
    ['checkout', 'checkout'],
  ])('%j → %j', (input, expected) => {
    expect(cleanFunction(input, 'node')).toBe(expected);
  });

  it('applies other platforms their own rules', () => {
    expect(cleanFunction('block (2 levels) in process', 'ruby')).toBe('block');
    expect(cleanFunction('lambda$main$0', 'java')).toBeUndefined();
    expect(cleanFunction('<unknown>', 'native')).toBeUndefined();
    expect(cleanFunction('hn', 'python')).toBe('hn');
  });
});

describe('frameComponent', () => {
  it('uses module, else lower-cased basename, and never line numbers', () => {
    expect(frameComponent({ module: 'app.views', function: 'index', lineno: 3 }, 'python')).toEqual({
      module: 'app.views',
      function: 'index',
    });
    expect(frameComponent({ filename: 'C:\\src\\Main.CS', function: 'Run' }, 'csharp')).toEqual({
      module: 'main.cs',
      function: 'Run',
    });
  });

  it('adds the context line for the five platforms, whitespace collapsed, up to 120 chars', () => {
    const frame = { module: 'm', function: 'f', context_line: '   return   a /  b' };
    expect(frameComponent(frame, 'python')?.context).toBe('return a / b');
    expect(frameComponent(frame, 'java')?.context).toBeUndefined();
    expect(frameComponent({ ...frame, context_line: 'x'.repeat(121) }, 'node')?.context).toBeUndefined();
  });

  it('collapses every kind of whitespace run in context lines, as one replace-then-trim would', () => {
    const lines = [
      'return a / b',
      '\treturn a / b;\t',
      'a\u00a0b',
      'a \u2028 b\n',
      '\ufeffx  y',
      ' single spaces only ',
      ' \t\n ',
      'a\tb',
    ];
    for (const line of lines) {
      const expected = line.replace(/\s+/g, ' ').trim();
      const got = frameComponent({ module: 'm', function: 'f', context_line: line }, 'node')?.context;
      expect(got).toBe(expected === '' ? undefined : expected);
    }
  });

  it('drops eval and native JS frames and frames with nothing that contributes', () => {
    expect(frameComponent({ filename: 'http://x/a.js', function: 'eval' }, 'javascript')).toBeUndefined();
    expect(frameComponent({ abs_path: '[native code]', function: 'map' }, 'javascript')).toBeUndefined();
    expect(frameComponent({ filename: 'http://x/a.js', function: '?' }, 'javascript')).toBeUndefined();
    expect(
      frameComponent({ filename: 'https://cdn.x/app.js', context_line: 'throw e' }, 'javascript'),
    ).toBeUndefined();
  });

  it('derives a stable module from script URLs', () => {
    expect(moduleFromUrl('http://127.0.0.1:34211/static/bundle.js')).toBe('bundle');
    expect(moduleFromUrl('https://cdn.example.com/js/v1.0/foo/bar/baz.min.js?v=3')).toBe('foo/bar/baz');
    expect(moduleFromUrl('https://x.example/assets/app.3f9a1c2e.js')).toBe('app');
  });
});

describe('isInApp', () => {
  it('trusts the SDK except for vendored paths', () => {
    expect(isInApp({ in_app: true, abs_path: '/srv/app/x.py' })).toBe(true);
    expect(isInApp({ in_app: true, abs_path: '/usr/lib/python3/dist-packages/flask/app.py' })).toBe(false);
    expect(isInApp({ in_app: true, filename: '/srv/app/node_modules/x/index.js' })).toBe(false);
    expect(isInApp({ in_app: true, filename: 'node:internal/timers' })).toBe(false);
    expect(isInApp({ filename: '/srv/app/x.js' })).toBe(false);
    // A hint substring alone does not make a path vendored: the rule behind it must match.
    expect(isInApp({ in_app: true, abs_path: '/srv/app/internal-api/vendored.js' })).toBe(true);
    expect(isInApp({ in_app: true, abs_path: '/srv/vendor/lib.php' })).toBe(false);
  });
});
