import { describe, expect, it } from 'vitest';
import { parseUserAgent } from './user-agent.js';

describe('parseUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
      { browser: { name: 'Edge', version: '120.0.2210.91' }, os: { name: 'Windows', version: '10.0' } },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      { browser: { name: 'Safari', version: '17.1' }, os: { name: 'Mac OS X', version: '10.15.7' } },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
      { browser: { name: 'Safari', version: '17.1' }, os: { name: 'iOS', version: '17.1' } },
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
      { browser: { name: 'Firefox', version: '121.0' }, os: { name: 'Linux' } },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
      { browser: { name: 'Chrome', version: '120.0.6099.144' }, os: { name: 'Android', version: '14' } },
    ],
  ])('%s', (ua, expected) => {
    expect(parseUserAgent(ua)).toEqual(expected);
  });

  it('returns nothing for SDK user agents', () => {
    expect(parseUserAgent('sentry.javascript.node/11.12.0')).toEqual({});
    expect(parseUserAgent('sentry.python/1.9.10')).toEqual({});
  });
});
