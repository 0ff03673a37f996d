import { describe, expect, it } from 'vitest';
import { generateEventId, normalizeEventId } from './event-id.js';

describe('event ids', () => {
  it.each([
    ['37ade895cbbe42628789208b7497000d', '37ade895cbbe42628789208b7497000d'],
    ['37ADE895-CBBE-4262-8789-208B7497000D', '37ade895cbbe42628789208b7497000d'],
    ['{37ade895-cbbe-4262-8789-208b7497000d}', '37ade895cbbe42628789208b7497000d'],
    [' 37ade895cbbe42628789208b7497000d ', '37ade895cbbe42628789208b7497000d'],
  ])('normalizes %j', (input, expected) => {
    expect(normalizeEventId(input)).toBe(expected);
  });

  it.each([[''], ['xyz'], ['37ade895cbbe42628789208b7497000'], [42], [null], ['g'.repeat(32)]])(
    'rejects %j',
    (input) => {
      expect(normalizeEventId(input)).toBeNull();
    },
  );

  it('generates distinct v4 ids', () => {
    const ids = new Set(Array.from({ length: 200 }, generateEventId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });
});
