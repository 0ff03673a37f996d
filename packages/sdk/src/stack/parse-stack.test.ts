import { describe, expect, it } from 'vitest';
import { framesFromStack } from './frames.js';
import { isInApp, moduleFromFile, parseStackLines } from './parse-stack.js';

const STACK = `Error: boom
    at level3 (/srv/app/src/pay.js:21:73)
    at async Router.handle (/srv/app/node_modules/express/lib/router/index.js:10:5)
    at new Cart (file:///srv/app/src/cart%20x.mjs:3:9)
    at /srv/app/src/anon.js:7:1
    at Array.map (<anonymous>)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at eval (eval at run (/srv/app/src/ev.js:2:3), <anonymous>:1:1)`;

describe('parseStackLines', () => {
  it('parses named, async, constructor, anonymous, native, internal and eval frames', () => {
    expect(parseStackLines(STACK)).toEqual([
      { function: 'level3', file: '/srv/app/src/pay.js', lineno: 21, colno: 73 },
      {
        function: 'Router.handle',
        file: '/srv/app/node_modules/express/lib/router/index.js',
        lineno: 10,
        colno: 5,
      },
      { function: 'new Cart', file: '/srv/app/src/cart x.mjs', lineno: 3, colno: 9 },
      { function: undefined, file: '/srv/app/src/anon.js', lineno: 7, colno: 1 },
      { function: 'Array.map', native: true },
      {
        function: 'process.processTicksAndRejections',
        file: 'node:internal/process/task_queues',
        lineno: 95,
        colno: 5,
      },
      { function: 'eval', file: '/srv/app/src/ev.js', lineno: 2, colno: 3 },
    ]);
  });

  it('ignores the message lines, even ones that look like frames without "at"', () => {
    expect(parseStackLines('Error: at first\nsecond line (x.js:1:1)')).toEqual([]);
  });
});

describe('in-app and module names', () => {
  it('marks node_modules and Node internals out of app', () => {
    expect(isInApp('/srv/app/src/a.js')).toBe(true);
    expect(isInApp('/srv/app/node_modules/x/a.js')).toBe(false);
    expect(isInApp('node:internal/process/task_queues')).toBe(false);
    expect(isInApp(undefined)).toBe(false);
  });

  it('derives modules the way Sentry does', () => {
    expect(moduleFromFile('/srv/app/app.js', '/srv/app')).toBe('app');
    expect(moduleFromFile('/srv/app/src/routes/users.ts', '/srv/app')).toBe('src.routes:users');
    expect(moduleFromFile('/srv/app/node_modules/express/lib/router/index.js', '/srv/app')).toBe(
      'express.lib.router:index',
    );
    expect(moduleFromFile('node:internal/x')).toBeUndefined();
  });
});

describe('framesFromStack', () => {
  it('returns frames oldest first with the crashing frame last', () => {
    const frames = framesFromStack(STACK, { root: '/srv/app' });
    expect(frames.at(-1)).toMatchObject({ function: 'level3', lineno: 21, in_app: true, module: 'src:pay' });
    expect(frames[0]).toMatchObject({ function: 'eval', in_app: true });
    expect(frames.find((f) => f.function === 'Array.map')).toEqual({ function: 'Array.map', in_app: false });
  });

  it('bounds the number of frames', () => {
    const long = `Error\n${'    at f (/a.js:1:1)\n'.repeat(500)}`;
    expect(framesFromStack(long, {})).toHaveLength(100);
  });
});
