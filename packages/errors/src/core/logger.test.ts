import { describe, expect, it } from 'vitest';
import { consoleLogger, describeThrown } from './logger.js';

describe('describeThrown', () => {
  it('gives the stack of Errors and a readable form of anything else', () => {
    const error = new Error('x');
    expect(describeThrown(error)).toBe(error.stack);
    expect(describeThrown('plain text')).toBe('plain text');
    expect(describeThrown({ status: 404 })).toBe('non-error thrown: {"status":404}');
    expect(describeThrown(null)).toBe('non-error thrown: null');
    expect(describeThrown(undefined)).toBe('non-error thrown: undefined');
    expect(describeThrown(Symbol('s'))).toBe('non-error thrown: Symbol(s)');
    expect(describeThrown(10n)).toBe('non-error thrown: 10');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeThrown(cyclic)).toBe('non-error thrown: [object Object]');
  });
});

describe('consoleLogger', () => {
  it('prints a message alone, or the message with the stack of a pino-style { err }', () => {
    const lines: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => lines.push(line);
    try {
      consoleLogger.error('just a message');
      consoleLogger.error({ err: 'thrown string' }, 'Exception on /x [GET]');
      consoleLogger.error(new Error('bare'));
    } finally {
      console.error = original;
    }
    expect(lines[0]).toBe('just a message');
    expect(lines[1]).toBe('Exception on /x [GET]\nthrown string');
    expect(String(lines[2])).toMatch(/^Error: bare\n {4}at /);
  });
});
