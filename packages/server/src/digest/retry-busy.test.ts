import { describe, expect, it } from 'vitest';
import { isBusy, retryBusy } from './retry-busy.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('retryBusy', () => {
  it('retries while SQLite reports a busy lock, then returns the result', async () => {
    let calls = 0;
    const result = await retryBusy(async () => {
      calls += 1;
      if (calls < 3) throw new Error('wrapped', { cause: busy() });
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('rethrows other errors at once, and busy ones after giveUpMs', async () => {
    let calls = 0;
    await expect(
      retryBusy(async () => {
        calls += 1;
        throw new Error('no such table: queue');
      }),
    ).rejects.toThrow(/no such table/);
    expect(calls).toBe(1);
    await expect(retryBusy(async () => Promise.reject(busy()), 1, 20)).rejects.toThrow(/locked/);
    expect(isBusy(new Error('x'))).toBe(false);
  });
});
