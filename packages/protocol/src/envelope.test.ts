import { describe, expect, it } from 'vitest';
import { parseEnvelope, serializeEnvelope } from './envelope.js';
import { ProtocolError } from './errors.js';
import { loadFixtures } from './test-fixtures.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function failure(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('parseEnvelope on real captures', () => {
  const envelopes = loadFixtures().filter((f) => f.kind === 'envelope');

  it('has envelope fixtures', () => {
    expect(envelopes.length).toBeGreaterThan(30);
  });

  it.each(envelopes.map((f) => [f.name, f] as const))(
    '%s parses like the capture tool decoded it',
    (_, f) => {
      const env = parseEnvelope(f.body);
      const expected = (f.decoded.envelope as {
        header: unknown;
        items: Array<{ header: unknown; payload: unknown }>;
      })!;
      expect(env.headers).toEqual(expected.header);
      expect(env.items.map((i) => i.headers)).toEqual(expected.items.map((i) => i.header));
      for (const [k, item] of env.items.entries()) {
        expect(JSON.parse(dec(item.payload))).toEqual(expected.items[k]!.payload);
      }
    },
  );
});

describe('parseEnvelope framing', () => {
  it('reads items without length and without a final newline (@sentry/node)', () => {
    const env = parseEnvelope(
      enc('{"event_id":"a"}\n{"type":"event"}\n{"x":1}\n{"type":"session"}\n{"s":2}'),
    );
    expect(env.items.map((i) => [i.headers.type, dec(i.payload)])).toEqual([
      ['event', '{"x":1}'],
      ['session', '{"s":2}'],
    ]);
  });

  it('reads binary payloads with embedded newlines by length', () => {
    const bin = new Uint8Array([0, 10, 10, 255, 10]);
    const head = enc('{}\n{"type":"attachment","length":5,"filename":"a.bin"}\n');
    const tail = enc('\n{"type":"event","length":2}\n{}\n');
    const bytes = new Uint8Array([...head, ...bin, ...tail]);
    const env = parseEnvelope(bytes);
    expect(env.items[0]!.payload).toEqual(bin);
    expect(env.items[0]!.headers.filename).toBe('a.bin');
    expect(dec(env.items[1]!.payload)).toBe('{}');
  });

  it('accepts a length-framed last item without the trailing newline', () => {
    expect(dec(parseEnvelope(enc('{}\n{"type":"event","length":2}\n{}')).items[0]!.payload)).toBe('{}');
  });

  it('accepts an envelope with no items, and blank lines between and after items', () => {
    expect(parseEnvelope(enc('{}')).items).toEqual([]);
    expect(parseEnvelope(enc('{}\n')).items).toEqual([]);
    const env = parseEnvelope(enc('{}\n\n{"type":"a","length":1}\nx\n\n\n{"type":"b"}\ny\n\n'));
    expect(env.items.map((i) => [i.headers.type, dec(i.payload)])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('keeps an empty payload of an item without length', () => {
    const env = parseEnvelope(enc('{}\n{"type":"a"}\n\n{"type":"b"}\nz'));
    expect(env.items.map((i) => [i.headers.type, dec(i.payload)])).toEqual([
      ['a', ''],
      ['b', 'z'],
    ]);
  });

  it('drops known envelope headers of the wrong type instead of failing', () => {
    const env = parseEnvelope(
      enc('{"event_id":42,"dsn":null,"sent_at":{},"sdk":"x","trace":[1],"custom":7}\n'),
    );
    expect(env.headers).toEqual({ custom: 7 });
  });

  it('keeps a carriage return as part of the payload', () => {
    expect(dec(parseEnvelope(enc('{}\r\n{"type":"a"}\r\nx\r\n')).items[0]!.payload)).toBe('x\r');
  });

  it('rejects broken framing with precise messages', () => {
    const cases: Array<[string, string]> = [
      ['', 'envelope header is empty'],
      ['nope\n', 'envelope header is not valid JSON'],
      ['[1]\n', 'envelope header is not a JSON object'],
      ['{}\n{"length":1}\nx', 'item 0 header has no "type"'],
      ['{}\n{"type":"event","length":10}\n{}', 'declares length 10 but only 2 bytes remain'],
      ['{}\n{"type":"event","length":1}\n{}', 'not followed by a newline at byte'],
      ['{}\n{"type":"event","length":-1}\n{}', 'invalid length -1'],
      ['{}\n{"type":"a"}\nx\nnot json\n', 'item 1 header is not valid JSON'],
    ];
    for (const [input, message] of cases) {
      const err = failure(() => parseEnvelope(enc(input)));
      expect(err.code, input).toBe('FL_PROTOCOL_BAD_ENVELOPE');
      expect(err.status).toBe(400);
      expect(err.message).toContain(message);
    }
  });

  it('caps the number of items and header depth', () => {
    const many = `{}\n${'{"type":"a"}\nx\n'.repeat(5)}`;
    expect(parseEnvelope(enc(many), { maxItems: 5 }).items).toHaveLength(5);
    const err = failure(() => parseEnvelope(enc(many), { maxItems: 4 }));
    expect(err.code).toBe('FL_PROTOCOL_TOO_MANY_ITEMS');
    expect(err.status).toBe(413);
    const deep = `{"a":${'['.repeat(40)}${']'.repeat(40)}}\n`;
    expect(failure(() => parseEnvelope(enc(deep))).code).toBe('FL_PROTOCOL_BAD_ENVELOPE');
  });
});

describe('serializeEnvelope', () => {
  it('writes lengths so binary payloads round-trip', () => {
    const bin = new Uint8Array([10, 0, 10]);
    const bytes = serializeEnvelope({
      headers: { event_id: 'abc', sent_at: '2026-01-01T00:00:00.000Z' },
      items: [
        { headers: { type: 'event' }, payload: { message: 'héllo' } },
        { headers: { type: 'attachment', filename: 'x' }, payload: bin },
        { headers: { type: 'client_report' }, payload: '{"a":1}' },
      ],
    });
    const env = parseEnvelope(bytes);
    expect(env.headers.event_id).toBe('abc');
    expect(env.items.map((i) => i.headers)).toEqual([
      { type: 'event', length: 20 },
      { type: 'attachment', filename: 'x', length: 3 },
      { type: 'client_report', length: 7 },
    ]);
    expect(JSON.parse(dec(env.items[0]!.payload))).toEqual({ message: 'héllo' });
    expect(env.items[1]!.payload).toEqual(bin);
    expect(dec(bytes).endsWith('{"a":1}\n')).toBe(true);
  });
});
