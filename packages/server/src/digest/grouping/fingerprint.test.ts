import { normalizeEvent } from '@faultline/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MARKER, isDefaultFingerprint, resolveFingerprint } from './fingerprint.js';

const event = normalizeEvent(
  {
    platform: 'python',
    logger: 'app.billing',
    transaction: '/pay',
    level: 'warning',
    tags: { region: 'eu' },
    exception: [
      { type: 'Inner', value: 'a' },
      {
        type: 'PaymentError',
        value: 'b',
        stacktrace: {
          frames: [
            { module: 'app.pay', function: 'charge', package: '/srv/venv/lib/billing.so', in_app: true },
          ],
        },
      },
    ],
  },
  { receivedAt: Date.now() },
);

describe('resolveFingerprint', () => {
  it('resolves every supported variable, with or without spaces', () => {
    expect(
      resolveFingerprint(
        [
          'static',
          '{{ transaction }}',
          '{{type}}',
          '{{ error.type }}',
          '{{ function }}',
          '{{ module }}',
          '{{ package }}',
          '{{ level }}',
          '{{ logger }}',
          '{{ tags.region }}',
          '{{ tags.missing }}',
          '{{ nonsense }}',
          '{{ default }}',
        ],
        event,
      ),
    ).toEqual([
      'static',
      '/pay',
      'PaymentError',
      'PaymentError',
      'charge',
      'app.pay',
      'billing.so',
      'warning',
      'app.billing',
      'eu',
      '<no-value-for-tag-missing>',
      '<unknown-variable-nonsense>',
      DEFAULT_MARKER,
    ]);
  });

  it('uses placeholders when the event lacks a value', () => {
    const bare = normalizeEvent({}, { receivedAt: Date.now() });
    expect(resolveFingerprint(['{{ module }}', '{{ package }}', '{{ logger }}'], bare)).toEqual([
      '<no-module>',
      '<no-package>',
      '<no-logger>',
    ]);
  });

  it('treats an absent or default-only fingerprint as no fingerprint', () => {
    expect(isDefaultFingerprint([])).toBe(true);
    expect(isDefaultFingerprint([DEFAULT_MARKER])).toBe(true);
    expect(isDefaultFingerprint([DEFAULT_MARKER, 'x'])).toBe(false);
  });
});
