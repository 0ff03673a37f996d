import { describe, expect, it } from 'vitest';
import { parseJson } from '../json.js';
import { loadFixtureEvents } from '../test-fixtures.js';
import { normalizeEvent } from './normalize-event.js';

const RECEIVED = Date.parse('2026-11-25T06:00:00Z');
const fixtures = loadFixtureEvents();

describe('normalizeEvent on every captured event', () => {
  it('covers every client', () => {
    expect(new Set(fixtures.map((f) => f.client))).toEqual(
      new Set([
        'python-sentry-sdk',
        'python-sentry-sdk-tracing',
        'raven-node',
        'sentry-browser',
        'sentry-node',
        'sentry-node-localvars',
        'sentry-node-tracing',
      ]),
    );
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, f) => {
    const raw = parseJson(f.payload) as Record<string, unknown>;
    const event = normalizeEvent(raw, {
      receivedAt: f.receivedAt,
      eventId: f.headerEventId,
      sentAt: f.sentAt,
      userAgent: f.userAgent,
      clientIp: '127.0.0.1',
    });
    expect(event.event_id).toBe(String(f.headerEventId ?? raw.event_id).replace(/-/g, ''));
    expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
    // Every capture carries a real timestamp close to its receive time: none may be clamped.
    expect(Math.abs(event.timestamp - f.receivedAt / 1000)).toBeLessThan(5);
    expect(event.errors).toBeUndefined();
    expect(['fatal', 'error', 'warning', 'info', 'debug']).toContain(event.level);
    expect(event.platform).toBe(raw.platform);
    expect(event.environment).toBe('fixture');
    expect(event.release).toBe('depcheck-fixtures@1.0.0');
    expect(Object.values(event.tags ?? {}).every((v) => typeof v === 'string')).toBe(true);
    if (raw.exception) {
      expect(event.exception?.values.length).toBeGreaterThan(0);
      for (const exc of event.exception!.values) {
        expect(exc.stacktrace?.frames.length).toBeGreaterThan(0);
      }
    } else {
      expect(event.exception).toBeUndefined();
      expect(event.logentry?.formatted).toBe(raw.message);
    }
    expect(event.message).toBeUndefined();
    if (event.breadcrumbs) {
      for (const crumb of event.breadcrumbs.values) expect(typeof crumb.timestamp).toBe('number');
    }
    // The normalized event is plain JSON and normalizing it again changes nothing.
    const again = normalizeEvent(JSON.parse(JSON.stringify(event)), { receivedAt: f.receivedAt });
    expect(again).toEqual(event);
  });

  it('reads python ISO-microsecond timestamps exactly', () => {
    const f = fixtures.find((x) => x.name === 'python-sentry-sdk/01')!;
    const event = normalizeEvent(parseJson(f.payload), { receivedAt: f.receivedAt });
    expect(event.timestamp).toBeCloseTo(Date.parse('2026-11-25T06:00:11.574Z') / 1000 + 0.000863, 5);
  });

  it('reads raven-node zoneless timestamps as UTC and wraps its bare exception list', () => {
    const f = fixtures.find((x) => x.name === 'raven-node/02')!;
    const raw = parseJson(f.payload) as Record<string, unknown>;
    expect(Array.isArray(raw.exception)).toBe(true);
    const event = normalizeEvent(raw, { receivedAt: f.receivedAt });
    expect(event.timestamp).toBe(Date.parse('2026-11-25T05:59:51Z') / 1000);
    expect(event.exception?.values[0]?.type).toBe('Error');
    // raven's summary message is kept for display only.
    expect(event.logentry?.formatted).toBe('Error: Raven payment failed for user-123 (total 42)');
  });

  it('keeps @sentry/node captureMessage as a synthetic typeless exception plus the message', () => {
    const f = fixtures.find((x) => x.name === 'sentry-node/03')!;
    const event = normalizeEvent(parseJson(f.payload), { receivedAt: f.receivedAt });
    expect(event.logentry).toEqual({ formatted: 'Something noteworthy happened' });
    expect(event.exception?.values[0]?.type).toBeUndefined();
    expect(event.exception?.values[0]?.value).toBe('Something noteworthy happened');
    expect(event.level).toBe('warning');
  });

  it('types each context by its key unless it carries a string type, keeping key order', () => {
    const event = normalizeEvent(
      {
        contexts: {
          trace: { trace_id: 't', span_id: 's' },
          gpu: { type: 7, name: 'g' },
          custom: { type: 'device', model: 'm' },
          bad: 'not an object',
        },
      },
      { receivedAt: RECEIVED },
    );
    // Stored JSON keeps this order, so it is pinned as text rather than with toEqual.
    expect(JSON.stringify(event.contexts)).toBe(
      '{"trace":{"trace_id":"t","span_id":"s","type":"trace"},"gpu":{"type":"gpu","name":"g"},' +
        '"custom":{"type":"device","model":"m"}}',
    );
  });

  it('fills browser and os contexts from the browser User-Agent', () => {
    const f = fixtures.find((x) => x.name === 'sentry-browser/03')!;
    const event = normalizeEvent(parseJson(f.payload), { receivedAt: f.receivedAt });
    expect(event.contexts?.browser).toEqual({
      name: 'Chrome Headless',
      version: '156.0.0.0',
      type: 'browser',
    });
    expect(event.contexts?.os).toEqual({ name: 'Linux', type: 'os' });
  });
});

describe('normalizeEvent on hand-made shapes', () => {
  const ctx = { receivedAt: RECEIVED };

  it('never throws on garbage and fills the required fields', () => {
    for (const raw of [
      null,
      undefined,
      42,
      'str',
      [],
      { exception: 5, tags: 'x', user: [], breadcrumbs: 'no' },
    ]) {
      const event = normalizeEvent(raw, ctx);
      expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
      expect(event.timestamp).toBe(RECEIVED / 1000);
      expect(event.platform).toBe('other');
      expect(event.level).toBe('error');
      expect(event.exception).toBeUndefined();
      expect(event.tags).toBeUndefined();
    }
    expect(normalizeEvent({}, ctx).event_id).not.toBe(normalizeEvent({}, ctx).event_id);
  });

  it('maps raven-python legacy interfaces and integer levels', () => {
    const event = normalizeEvent(
      {
        event_id: 'AB8DBB7A-7832-3421-19F4-CF02D0DACB79',
        level: 40,
        project: '42',
        timestamp: '2026-11-25T05:59:51Z',
        message: "KeyError: 'missing'",
        'sentry.interfaces.Exception': {
          values: [
            {
              type: 'KeyError',
              value: "'missing'",
              module: 'builtins',
              stacktrace: { frames: [{ filename: 'a.py', function: 'f', lineno: '3' }] },
            },
          ],
        },
        'sentry.interfaces.Message': {
          message: 'Could not find %s after %d tries',
          params: ["'k'", 3],
          formatted: null,
        },
        'sentry.interfaces.Http': {
          url: 'http://x/y',
          method: 'post',
          headers: [
            ['Host', 'x'],
            ['Accept', 'a'],
          ],
        },
        'sentry.interfaces.User': { id: 7, ip_address: '{{auto}}' },
        'sentry.interfaces.Breadcrumbs': [{ timestamp: 1795586391.5, message: 'hi', level: 'warn' }],
        'sentry.interfaces.Contexts': { os: { name: 'Linux' }, bad: 'x' },
      },
      { ...ctx, clientIp: '10.0.0.1' },
    );
    expect(event.event_id).toBe('ab8dbb7a7832342119f4cf02d0dacb79');
    expect(event.level).toBe('error');
    expect(event.timestamp).toBe(Date.parse('2026-11-25T05:59:51Z') / 1000);
    expect(event.exception?.values[0]).toMatchObject({ type: 'KeyError', value: "'missing'" });
    expect(event.exception?.values[0]?.stacktrace?.frames[0]?.lineno).toBe(3);
    expect(event.logentry).toEqual({
      message: 'Could not find %s after %d tries',
      params: ["'k'", 3],
      formatted: "Could not find 'k' after 3 tries",
    });
    expect(event.request).toEqual({ url: 'http://x/y', method: 'POST', headers: { Host: 'x', Accept: 'a' } });
    expect(event.user).toEqual({ id: '7', ip_address: '10.0.0.1' });
    expect(event.breadcrumbs?.values).toEqual([{ timestamp: 1795586391.5, message: 'hi', level: 'warning' }]);
    expect(event.contexts).toEqual({ os: { name: 'Linux', type: 'os' } });
    expect(Object.keys(event).filter((k) => k.startsWith('sentry.interfaces'))).toEqual([]);
  });

  it('prefers modern keys over legacy ones', () => {
    const event = normalizeEvent({ user: { id: 'new' }, 'sentry.interfaces.User': { id: 'old' } }, ctx);
    expect(event.user).toEqual({ id: 'new' });
  });

  it.each([
    [1795586426.77, 1795586426.77],
    [1795586426770, 1795586426.77],
    ['1795586426.77', 1795586426.77],
    ['2026-11-25T05:59:51', Date.parse('2026-11-25T05:59:51Z') / 1000],
    ['2026-11-25 05:59:51', Date.parse('2026-11-25T05:59:51Z') / 1000],
    ['2026-11-25T05:59:51.123456789Z', Date.parse('2026-11-25T05:59:51Z') / 1000 + 0.123456789],
    ['2026-11-25T07:59:51.1234567+02:00', Date.parse('2026-11-25T05:59:51Z') / 1000 + 0.1234567],
    ['2026-11-25T04:59:51-0100', Date.parse('2026-11-25T05:59:51Z') / 1000],
  ])('reads timestamp %j', (input, expected) => {
    expect(normalizeEvent({ timestamp: input }, ctx).timestamp).toBeCloseTo(expected, 6);
  });

  it('clamps timestamps outside [received - 30 days, received + 60 s] and notes it', () => {
    const future = normalizeEvent({ timestamp: RECEIVED / 1000 + 120 }, ctx);
    expect(future.timestamp).toBe(RECEIVED / 1000);
    expect(future.errors).toEqual([
      { type: 'future_timestamp', name: 'timestamp', value: RECEIVED / 1000 + 120 },
    ]);
    expect(normalizeEvent({ timestamp: '2020-01-01T00:00:00Z' }, ctx).errors?.[0]?.type).toBe(
      'past_timestamp',
    );
    expect(normalizeEvent({ timestamp: 'yesterday' }, ctx).errors?.[0]?.type).toBe('invalid_timestamp');
    expect(normalizeEvent({ timestamp: '10000-01-01T00:00:00Z' }, ctx).timestamp).toBe(RECEIVED / 1000);
    expect(normalizeEvent({ timestamp: RECEIVED / 1000 + 30 }, ctx).timestamp).toBe(RECEIVED / 1000 + 30);
    expect(normalizeEvent({}, ctx).errors).toBeUndefined();
  });

  it('corrects clock drift with sent_at', () => {
    const skew = 3600;
    const event = normalizeEvent(
      { timestamp: RECEIVED / 1000 + skew - 2 },
      { ...ctx, sentAt: new Date(RECEIVED + skew * 1000).toISOString() },
    );
    expect(event.timestamp).toBeCloseTo(RECEIVED / 1000 - 2, 6);
    expect(event.errors?.[0]?.type).toBe('clock_drift');
  });

  it.each([
    ['warn', 'warning'],
    ['WARNING', 'warning'],
    ['critical', 'fatal'],
    ['log', 'info'],
    [10, 'debug'],
    [20, 'info'],
    [30, 'warning'],
    [40, 'error'],
    [50, 'fatal'],
    ['40', 'error'],
    ['bogus', 'error'],
    [undefined, 'error'],
  ])('maps level %j to %s', (input, expected) => {
    expect(normalizeEvent({ level: input }, ctx).level).toBe(expected);
  });

  it('normalizes tags given as a dict or as pairs', () => {
    expect(normalizeEvent({ tags: { a: 1, b: true, c: null, ' my key ': 'x\ny', e: '' } }, ctx).tags).toEqual(
      {
        a: '1',
        b: 'True',
        'my-key': 'x y',
      },
    );
    expect(normalizeEvent({ tags: [['a', 'b'], ['c', 2], ['bad'], 'x'] }, ctx).tags).toEqual({
      a: 'b',
      c: '2',
    });
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, 'v']));
    expect(Object.keys(normalizeEvent({ tags: many }, ctx).tags ?? {})).toHaveLength(100);
  });

  it('accepts exception and threads as {values}, bare list or one bare object; drops empty ones', () => {
    const exc = { type: 'E', value: 'v' };
    for (const shape of [{ values: [exc] }, [exc], exc]) {
      expect(normalizeEvent({ exception: shape }, ctx).exception).toEqual({ values: [exc] });
    }
    for (const shape of [{}, [], { values: [] }, [{ module: 'x' }]]) {
      expect(normalizeEvent({ exception: shape }, ctx).exception).toBeUndefined();
    }
    expect(
      normalizeEvent({ exception: [{ type: 'E', value: { a: 1 } }] }, ctx).exception?.values[0]?.value,
    ).toBe('{"a":1}');
    const thread = { id: 1, crashed: true, stacktrace: { frames: [{ function: 'f' }, { nothing: 1 }] } };
    expect(normalizeEvent({ threads: [thread] }, ctx).threads).toEqual({
      values: [{ id: 1, crashed: true, stacktrace: { frames: [{ function: 'f' }] } }],
    });
  });

  it('keeps the newest 250 frames of a stack, in order, and the stack trace’s other keys', () => {
    const frames = Array.from({ length: 260 }, (_, i) => ({ function: `f${i}`, lineno: i }));
    const stack = { registers: { rip: '0x1' }, frames, frames_omitted: [1, 2] };
    const out = normalizeEvent({ exception: [{ type: 'E', stacktrace: stack }] }, ctx).exception?.values[0]
      ?.stacktrace;
    expect(out?.frames).toHaveLength(250);
    expect(out?.frames[0]).toEqual({ function: 'f10', lineno: 10 });
    expect(out?.frames[249]).toEqual({ function: 'f259', lineno: 259 });
    expect(Object.keys(out ?? {})).toEqual(['registers', 'frames', 'frames_omitted']);
  });

  it('reads every message form with the documented precedence', () => {
    const m = (raw: Record<string, unknown>) => normalizeEvent(raw, ctx).logentry;
    expect(m({ logentry: { message: 'a %s', params: ['x'] }, message: 'ignored' })).toEqual({
      message: 'a %s',
      params: ['x'],
      formatted: 'a x',
    });
    expect(m({ message: { message: 'Hi {name}', params: { name: 'Bo' } } })).toEqual({
      message: 'Hi {name}',
      params: { name: 'Bo' },
      formatted: 'Hi Bo',
    });
    expect(m({ message: 'plain' })).toEqual({ formatted: 'plain' });
    expect(m({ logentry: { message: 'only %s' } })).toEqual({ message: 'only %s', formatted: 'only %s' });
    expect(m({ logentry: { message: '%s and %s', params: ['one'] } })?.formatted).toBe('%s and %s');
    expect(m({ logentry: { message: '100%% of %(n)d', params: { n: 3 } } })?.formatted).toBe('100%% of 3');
    expect(m({ message: '   ' })).toBeUndefined();
    expect(m({ logentry: { message: 'User {0} failed {1} times', params: ['bo', 3] } })?.formatted).toBe(
      'User bo failed 3 times',
    );
  });

  it('coerces fingerprints like Relay and trims release and environment', () => {
    const event = normalizeEvent(
      {
        fingerprint: ['{{ default }}', 3.7, true, null, { x: 1 }],
        release: 12,
        environment: `  ${'e'.repeat(80)}  `,
      },
      ctx,
    );
    expect(event.fingerprint).toEqual(['{{ default }}', '3', 'true']);
    expect(event.release).toBe('12');
    expect(event.environment?.length).toBe(64);
    expect(normalizeEvent({ transaction: '', environment: '' }, ctx)).not.toHaveProperty('transaction');
  });

  it('lets the envelope event_id win and resolves {{auto}} without a client ip by dropping it', () => {
    const event = normalizeEvent(
      { event_id: 'ffffffffffffffffffffffffffffffff', user: { ip_address: '{{auto}}' } },
      { ...ctx, eventId: '0123456789ABCDEF0123456789abcdef' },
    );
    expect(event.event_id).toBe('0123456789abcdef0123456789abcdef');
    expect(event.user).toBeUndefined();
  });

  it('never lets a __proto__ key in the payload change what the event inherits', () => {
    const raw = JSON.parse(
      '{"__proto__":{"transaction":"evil","exception":{"values":[{"type":"X"}]}},"tags":{"__proto__":"x","a":"b"},' +
        '"contexts":{"__proto__":{"name":"p"}},"request":{"headers":{"__proto__":"h"}}}',
    );
    const event = normalizeEvent(raw, ctx);
    expect(event.transaction).toBeUndefined();
    expect(event.exception).toBeUndefined();
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event.tags).toEqual({ a: 'b' });
    expect(event.contexts).toBeUndefined();
    // Its only header was the hostile key: nothing is left of the request.
    expect(event.request).toBeUndefined();
  });

  it('caps long exception values and messages', () => {
    const event = normalizeEvent(
      { exception: [{ type: 'E', value: 'x'.repeat(100) }], message: 'y'.repeat(100) },
      { ...ctx, maxStringLength: 10 },
    );
    expect(event.exception?.values[0]?.value).toBe(`${'x'.repeat(9)}…`);
    expect(event.logentry?.formatted).toBe(`${'y'.repeat(9)}…`);
  });
});
