import { describe, expect, it } from 'vitest';
import type { Event } from '../types.js';
import { luhnValid, maskCardNumbers } from './luhn.js';
import { FILTERED, Scrubber } from './scrubber.js';

describe('luhn', () => {
  it('accepts real test card numbers and rejects one digit off', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5500005555555559')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('masks grouped and plain card numbers but not other long numbers', () => {
    expect(maskCardNumbers('card 4111 1111 1111 1111 ok', 'X')).toBe('card X ok');
    expect(maskCardNumbers('card 4111-1111-1111-1111', 'X')).toBe('card X');
    expect(maskCardNumbers('order 1234567890123 ts 1795586521633', 'X')).toBe(
      'order 1234567890123 ts 1795586521633',
    );
  });
});

describe('Scrubber', () => {
  const s = new Scrubber(['internalNote']);

  it('denies the default keys in any case or separator style, and user additions', () => {
    for (const key of [
      'password',
      'Passwd',
      'client_secret',
      'X-Api-Key',
      'api_key',
      'apiKey',
      'Authorization',
      'Cookie',
      'set-cookie',
      'sessionId',
      'csrf_token',
      'credit_card',
      'internal-note',
    ]) {
      expect([key, s.isDenied(key)]).toEqual([key, true]);
    }
    for (const key of ['user', 'author', 'amount', 'content-type'])
      expect([key, s.isDenied(key)]).toEqual([key, false]);
  });

  it('scrubs headers, cookies, query, JSON and form bodies, URL, extras, variables and breadcrumbs', () => {
    const event = {
      event_id: 'e',
      timestamp: 1,
      platform: 'node',
      level: 'error',
      message: 'paid with 4111111111111111',
      request: {
        url: 'http://x/cb?token=abc&page=2',
        headers: { authorization: 'Bearer abc', 'content-type': 'application/json', cookie: 'sid=1' },
        cookies: { sid: '1' },
        query_string: 'token=abc&page=2',
        data: '{"user":"ann","password":"hunter2","card":"4111 1111 1111 1111"}',
      },
      extra: { nested: { apiKey: 'k', ok: 1 } },
      breadcrumbs: { values: [{ message: 'login', data: { password: 'p' } }] },
      exception: {
        values: [
          {
            type: 'Error',
            value: 'bad',
            stacktrace: { frames: [{ vars: { secret: 's', user: { token: 't', name: 'ann' } } }] },
          },
        ],
      },
    } as Event;
    s.scrubEvent(event);
    expect(event.message).toBe(`paid with ${FILTERED}`);
    expect(event.request).toEqual({
      url: 'http://x/cb?token=%5BFiltered%5D&page=2',
      headers: { authorization: FILTERED, 'content-type': 'application/json', cookie: FILTERED },
      cookies: FILTERED,
      query_string: 'token=%5BFiltered%5D&page=2',
      data: JSON.stringify({ user: 'ann', password: FILTERED, card: FILTERED }),
    });
    expect(event.extra).toEqual({ nested: { apiKey: FILTERED, ok: 1 } });
    expect(event.breadcrumbs!.values[0]!.data).toEqual({ password: FILTERED });
    expect(event.exception!.values[0]!.stacktrace!.frames[0]!.vars).toEqual({
      secret: FILTERED,
      user: { token: FILTERED, name: 'ann' },
    });
  });

  it('scrubs form bodies and object bodies', () => {
    const form = {
      event_id: 'e',
      timestamp: 1,
      platform: 'node',
      level: 'error',
      request: { data: 'user=ann&passwd=x' },
    } as Event;
    s.scrubEvent(form);
    expect(form.request!.data).toBe('user=ann&passwd=%5BFiltered%5D');
    const obj = {
      event_id: 'e',
      timestamp: 1,
      platform: 'node',
      level: 'error',
      request: { data: { a: [{ token: 1 }] } },
    } as Event;
    s.scrubEvent(obj);
    expect(obj.request!.data).toEqual({ a: [{ token: FILTERED }] });
  });
});
