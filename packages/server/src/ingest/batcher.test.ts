import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.js';

describe('createBatcher', () => {
  it('groups concurrent adds into one commit and resolves each only after it', async () => {
    const commits: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const batcher = createBatcher<number>({
      maxBatch: 100,
      maxWaitMs: 1,
      commit: async (items) => {
        await gate;
        commits.push(items);
      },
    });
    const settled: number[] = [];
    const adds = [1, 2, 3].map((n) => batcher.add([n]).then(() => settled.push(n)));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]); // the commit has not finished: nobody is answered yet
    expect(batcher.stats.pending).toBe(3);
    release();
    await Promise.all(adds);
    expect(commits).toEqual([[1, 2, 3]]);
    expect(batcher.stats).toEqual({ commits: 1, items: 3, pending: 0 });
  });

  it('flushes at maxBatch without waiting, and batches what arrives during a commit', async () => {
    const commits: number[][] = [];
    const batcher = createBatcher<number>({
      maxBatch: 2,
      maxWaitMs: 10_000,
      commit: async (items) => {
        commits.push(items);
      },
    });
    await Promise.all([batcher.add([1]), batcher.add([2]), batcher.add([3, 4])]);
    expect(commits).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const late = batcher.add([5]);
    await batcher.drain();
    await late;
    expect(commits).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('puts everything that arrives during a commit into the next one, up to maxBatch', async () => {
    const commits: number[][] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => {
      release = r;
    });
    const batcher = createBatcher<number>({
      maxBatch: 3,
      maxWaitMs: 1,
      commit: async (items) => {
        commits.push(items);
        await gate;
      },
    });
    const first = batcher.add([1]);
    for (let i = 0; i < 500 && commits.length === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(commits).toEqual([[1]]);
    // Arriving over several maxWaitMs while the first commit runs: no commit is taken for them yet.
    const later: Array<Promise<void>> = [];
    for (const n of [2, 3, 4, 5]) {
      later.push(batcher.add([n]));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(commits).toEqual([[1]]);
    gate = Promise.resolve();
    release();
    await Promise.all([first, ...later]);
    expect(commits).toEqual([[1], [2, 3, 4], [5]]);
    expect(batcher.stats).toEqual({ commits: 3, items: 5, pending: 0 });
  });

  it('rejects every request of a failed commit and keeps working', async () => {
    let fail = true;
    const batcher = createBatcher<number>({
      maxBatch: 10,
      maxWaitMs: 1,
      commit: async () => {
        if (fail) throw new Error('disk full');
      },
    });
    const results = await Promise.allSettled([batcher.add([1]), batcher.add([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.add([3])).resolves.toBeUndefined();
  });
});
