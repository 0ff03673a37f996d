import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanEventHead } from './event-head.js';
import { errorCode as code } from './test-errors.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const scan = (text: string, maxDepth?: number) => scanEventHead(bytes(text), maxDepth);

describe('scanEventHead', () => {
  it('reads the top-level event_id and type, wherever they are', () => {
    expect(scan('{"event_id":"ab12","type":"transaction"}')).toEqual({
      eventId: 'ab12',
      type: 'transaction',
    });
    expect(scan(' \n{ "message" : "m" , "type" : "error" ,\t"event_id" : "cd34" }\n')).toEqual({
      eventId: 'cd34',
      type: 'error',
    });
    expect(scan('{"message":"no id"}')).toEqual({ eventId: undefined, type: undefined });
  });

  it('ignores the same keys in nested objects and in strings', () => {
    // raven's breadcrumbs name the previous event before the event's own id.
    const text =
      '{"breadcrumbs":[{"data":{"event_id":"old","type":"http"}}],"extra":{"event_id":"x"},' +
      '"message":"\\"event_id\\":\\"fake\\"","event_id":"real"}';
    expect(scan(text)).toEqual({ eventId: 'real', type: undefined });
    expect(scan('{"list":["event_id","type"],"type":"t"}')).toEqual({ eventId: undefined, type: 't' });
  });

  it('handles escapes: quotes and backslashes in strings, escaped values', () => {
    expect(scan('{"a":"x\\\\","event_id":"e1"}').eventId).toBe('e1');
    expect(scan('{"a":"x\\\\\\"y","event_id":"e2"}').eventId).toBe('e2');
    expect(scan('{"event_id":"a\\u0062c"}').eventId).toBe('abc');
    expect(scan('{"type":"caf\u00e9"}').type).toBe('café');
  });

  it('leaves values that are not strings undefined', () => {
    expect(scan('{"event_id":null,"type":3}')).toEqual({ eventId: undefined, type: undefined });
    expect(scan('{"event_id":{"type":"x"}}')).toEqual({ eventId: undefined, type: undefined });
  });

  it('enforces the depth limit like parseJson', () => {
    expect(scan(`{"a":${'['.repeat(9)}${']'.repeat(9)}}`, 10).eventId).toBeUndefined();
    expect(code(() => scan(`{"a":${'['.repeat(10)}${']'.repeat(10)}}`, 10))).toBe('FL_PROTOCOL_TOO_DEEP');
  });

  it('rejects what is visibly not a JSON object', () => {
    for (const text of [
      '',
      '   ',
      '[1,2]',
      '"s"',
      '{"a":"unterminated',
      '{"a":{"b":1}',
      '{"a":1} x',
      '{"event_id"}',
    ]) {
      expect(
        code(() => scan(text)),
        text,
      ).toBe('FL_PROTOCOL_BAD_JSON');
    }
  });

  it('agrees with JSON.parse on any JSON object', () => {
    const key = fc.constantFrom('event_id', 'type', 'message', 'extra', 'e"vent_id', 'type\\');
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        tie('obj'),
        tie('arr'),
      ),
      obj: fc.dictionary(key, tie('any'), { maxKeys: 4 }),
      arr: fc.array(tie('any'), { maxLength: 3 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value.any, { maxKeys: 6 }), (event) => {
        const text = JSON.stringify(event);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        expect(scan(text, 1000)).toEqual({ eventId: str(parsed.event_id), type: str(parsed.type) });
      }),
    );
  });
});
