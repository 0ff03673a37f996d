import { describe, expect, it } from 'vitest';
import { parseJson, repairNonFinite } from './json.js';
import { errorCode as code } from './test-errors.js';

describe('parseJson', () => {
  it('parses strings and UTF-8 bytes', () => {
    expect(parseJson('{"a":[1,"é"]}')).toEqual({ a: [1, 'é'] });
    expect(parseJson(new TextEncoder().encode('{"a":"ü"}'))).toEqual({ a: 'ü' });
  });

  it('repairs bare NaN / Infinity / -Infinity outside strings only', () => {
    expect(parseJson('{"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN,1]}')).toEqual({
      a: null,
      b: null,
      c: null,
      d: [null, 1],
    });
    expect(parseJson('{"msg": "ratio=Infinity, NaN \\" NaN", "x": NaN}')).toEqual({
      msg: 'ratio=Infinity, NaN " NaN',
      x: null,
    });
    expect(repairNonFinite('["a\\\\", NaN]')).toBe('["a\\\\", null]');
    expect(repairNonFinite('{"ok":1}')).toBe('{"ok":1}');
  });

  it('leaves valid JSON containing the words in strings untouched', () => {
    expect(parseJson('{"v":"NaN"}')).toEqual({ v: 'NaN' });
  });

  it('throws FL_PROTOCOL_BAD_JSON on garbage, even with tokens present', () => {
    expect(code(() => parseJson('{"a":'))).toBe('FL_PROTOCOL_BAD_JSON');
    expect(code(() => parseJson('NaNa'))).toBe('FL_PROTOCOL_BAD_JSON');
    expect(code(() => parseJson(''))).toBe('FL_PROTOCOL_BAD_JSON');
  });

  it('bounds nesting depth, ignoring brackets inside strings', () => {
    const deep = (d: number) => '['.repeat(d) + ']'.repeat(d);
    expect(parseJson(deep(10), { maxDepth: 10 })).toBeDefined();
    expect(code(() => parseJson(deep(11), { maxDepth: 10 }))).toBe('FL_PROTOCOL_TOO_DEEP');
    expect(code(() => parseJson(deep(200)))).toBe('FL_PROTOCOL_TOO_DEEP');
    const text = JSON.stringify({ s: '[[[[[[[[[[[[["\\' + '[', t: [[1]] });
    expect(parseJson(text, { maxDepth: 3 })).toEqual(JSON.parse(text));
    expect(parseJson(deep(5000), { maxDepth: Number.POSITIVE_INFINITY })).toBeDefined();
  });

  it('counts depth the same through objects, arrays and every walk', () => {
    const nested = (d: number): unknown => (d === 1 ? { leaf: [] } : { a: 1, b: [nested(d - 1)] });
    // nested(d) is 2d levels deep: an object, then an array, then an object… ending in [].
    const text = `${JSON.stringify(nested(40))}${' '.repeat(300)}`;
    expect(parseJson(text, { maxDepth: 80 })).toEqual(JSON.parse(text));
    expect(code(() => parseJson(text, { maxDepth: 79 }))).toBe('FL_PROTOCOL_TOO_DEEP');
    expect(code(() => parseJson(text, { maxDepth: 79.5 }))).toBe('FL_PROTOCOL_TOO_DEEP');
    expect(parseJson(text, { maxDepth: 80.5 })).toBeDefined();
    // Limits past the recursive walk's bound take the iterative one.
    const deep = (d: number) => '['.repeat(d) + ']'.repeat(d);
    expect(parseJson(deep(3000), { maxDepth: 3000 })).toBeDefined();
    expect(code(() => parseJson(deep(3001), { maxDepth: 3000 }))).toBe('FL_PROTOCOL_TOO_DEEP');
  });

  it('ignores enumerable keys added to Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = [[[[[[]]]]]];
    try {
      const text = `${JSON.stringify({ a: { b: {} } })}${' '.repeat(20)}`;
      expect(parseJson(text, { maxDepth: 3 })).toEqual({ a: { b: {} } });
    } finally {
      delete proto.polluted;
    }
  });
});
