import { normalizeEvent } from '@faultline/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeGrouping } from './compute-grouping.js';

const frame = fc.record(
  {
    filename: fc.oneof(
      fc.string(),
      fc.constantFrom('<anonymous>', 'http://x/app.js', '/srv/node_modules/a.js'),
    ),
    function: fc.oneof(fc.string(), fc.constantFrom('?', 'Object.?', 'eval', 'async x', 'Object.a [as b]')),
    module: fc.string(),
    in_app: fc.boolean(),
    lineno: fc.integer(),
    context_line: fc.string(),
    platform: fc.constantFrom('node', 'javascript', 'python', 'java', 'ruby', 'php', 'native'),
  },
  { requiredKeys: [] },
);
const exception = fc.record(
  {
    type: fc.string(),
    value: fc.string(),
    stacktrace: fc.record({ frames: fc.array(frame, { maxLength: 6 }) }),
    mechanism: fc.record({ synthetic: fc.boolean(), is_exception_group: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const event = fc.record(
  {
    platform: fc.constantFrom('node', 'javascript', 'python', 'other'),
    exception: fc.array(exception, { maxLength: 3 }),
    message: fc.string(),
    logentry: fc.record({ message: fc.string(), params: fc.array(fc.string()) }, { requiredKeys: [] }),
    fingerprint: fc.array(
      fc.oneof(fc.string(), fc.constantFrom('{{ default }}', '{{ tags.x }}', '{{ function }}')),
    ),
    threads: fc.array(
      fc.record({ crashed: fc.boolean(), stacktrace: fc.record({ frames: fc.array(frame) }) }),
    ),
    transaction: fc.string(),
  },
  { requiredKeys: [] },
);

describe('computeGrouping', () => {
  it('never throws and is deterministic on arbitrary events', () => {
    fc.assert(
      fc.property(event, (raw) => {
        const normalized = normalizeEvent(raw, { receivedAt: Date.parse('2026-11-25T06:00:00Z') });
        const a = computeGrouping(normalized);
        const b = computeGrouping(structuredClone(normalized));
        expect(a.hash).toBe(b.hash);
        expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(a.title.length).toBeGreaterThan(0);
        expect(a.title.length).toBeLessThanOrEqual(200);
        expect(a.culprit.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 400, seed: 3 },
    );
  });
});
