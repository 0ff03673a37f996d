import { describe, expect, it } from 'vitest';
import type { ProjectKey, Storage } from '../storage/types.js';
import { KeyCache } from './key-cache.js';

const key = { publicKey: 'k', projectId: 1, revokedAt: null } as unknown as ProjectKey;

function cacheWith(found: ProjectKey | undefined) {
  let lookups = 0;
  let now = 0;
  const storage = {
    findProjectKey: async () => {
      lookups++;
      return found;
    },
  } as unknown as Storage;
  const cache = new KeyCache(storage, 1000, 10, () => now);
  return { cache, lookups: () => lookups, advance: (ms: number) => (now += ms) };
}

describe('KeyCache', () => {
  it('answers a fresh lookup synchronously through cached(), and nothing before or after it', async () => {
    const t = cacheWith(key);
    expect(t.cache.cached('k')).toBeUndefined();
    expect(await t.cache.get('k')).toBe(key);
    expect(t.cache.cached('k')?.key).toBe(key);
    expect(t.lookups()).toBe(1);
    t.advance(1000);
    expect(t.cache.cached('k')).toBeUndefined();
    t.cache.invalidate('k');
    expect(await t.cache.get('k')).toBe(key);
    expect(t.lookups()).toBe(2);
  });

  it('caches a miss as an entry without a key', async () => {
    const t = cacheWith(undefined);
    expect(await t.cache.get('nope')).toBeUndefined();
    expect(t.cache.cached('nope')).toEqual({ key: undefined, at: 0 });
  });
});
