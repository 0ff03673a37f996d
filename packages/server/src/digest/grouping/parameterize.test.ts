import { describe, expect, it } from 'vitest';
import { parameterize } from './parameterize.js';

describe('parameterize', () => {
  it.each([
    ['mail to dev@example.test failed', 'mail to <email> failed'],
    ['GET https://api.example.com/v1/users?id=3 failed', 'GET <url> failed'],
    ['cannot resolve db1.example.com', 'cannot resolve <hostname>'],
    ['connect ECONNREFUSED 10.0.0.12:5432', 'connect ECONNREFUSED <ip>:<int>'],
    ['bind to fe80::1ff:fe23:4567:890a failed', 'bind to <ip> failed'],
    ['order 0c765452-8c42-4968-9c74-501c9a0b6be1 missing', 'order <uuid> missing'],
    ['commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'commit <sha1>'],
    ['event 0c7654528c4249689c74501c9a0b6be1', 'event <md5>'],
    ['expired at 2026-11-25T06:00:11.574863Z', 'expired at <date>'],
    ['expired Tue, 25 Nov 2026 06:00:00 GMT', 'expired <date>'],
    ['ran at 10:42:01 PM', 'ran at <date>'],
    ['timeout after 31 ms', 'timeout after <duration>'],
    ['segfault at 0x7ffd3a', 'segfault at <hex>'],
    ['ratio 0.25 too low', 'ratio <float> too low'],
    ['Payment failed for user-123 (total 42)', 'Payment failed for user-<int> (total <int>)'],
    ["KeyError key='user_123'", 'KeyError key=<quoted_str>'],
    ["KeyError: 'user_123'", "KeyError: 'user_<int>'"],
    ['sha256 of v2 failed', 'sha256 of v2 failed'],
    ['flag enabled=true', 'flag enabled=<bool>'],
  ])('%s', (input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it('keeps two non-empty lines and marks the cut', () => {
    expect(parameterize('first\n\nsecond\nthird')).toBe('first\nsecond...');
    expect(parameterize('only\n')).toBe('only');
  });

  it('makes messages that differ only in values equal', () => {
    expect(parameterize('Could not connect to 10.0.0.1 after 3 tries')).toBe(
      parameterize('Could not connect to 10.0.0.7 after 12 tries'),
    );
  });
});
