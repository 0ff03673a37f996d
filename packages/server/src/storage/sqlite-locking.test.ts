// SQLite write transactions start with BEGIN IMMEDIATE. With a deferred BEGIN, a transaction that
// reads first (digest does) and then writes while another process holds the write lock fails with
// SQLITE_BUSY once that process commits (its read snapshot is stale). IMMEDIATE waits for the lock
// at BEGIN, within busy_timeout, and then succeeds. This runs a real second process.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tempDir } from '@faultline/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { queueAndBuild } from './contract-fixtures.js';
import { openStorage } from './open-storage.js';

const dir = tempDir('fl-storage-lock-');
afterAll(() => dir.remove());

// Holds the write lock for a while, writing to the tables digest reads, then commits.
const holder = `
const Sqlite = require('better-sqlite3');
const db = new Sqlite(process.argv[1]);
db.pragma('busy_timeout = 5000');
db.exec('begin immediate');
db.prepare("insert into projects (name, slug, created_at) values ('other', 'other', 1)").run();
console.log('locked');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
db.exec('commit');
console.log('committed ' + Date.now());
db.close();
`;

describe('sqlite locking across processes', () => {
  it('a digest that starts while another process writes waits for it instead of failing', async () => {
    const path = `${dir.path}/lock.db`;
    const storage = await openStorage(`sqlite:${path}`, { migrate: true });
    const p = (await storage.createProject({ name: 'p' })).id;
    const batch = await queueAndBuild(storage, [{ projectId: p }, { projectId: p, group: 'b' }]);

    const order: string[] = [];
    const child = spawn(process.execPath, ['-e', holder, path], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const locked = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        order.push(line);
        if (line === 'locked') resolve();
      });
    });
    await locked;
    const outcomes = await storage.digest(batch);
    const digestedAt = Date.now();
    expect(await exited).toBe(0);
    // The busy wait blocks this event loop, so the child's lines arrive late: compare clocks.
    const committedAt = Number(order.find((l) => l.startsWith('committed'))?.split(' ')[1]);
    expect(committedAt).toBeGreaterThan(0);
    expect(digestedAt).toBeGreaterThanOrEqual(committedAt);
    expect(outcomes.map((o) => o.stored)).toEqual([true, true]);
    expect((await storage.listProjects()).map((x) => x.slug)).toEqual(['p', 'other']);
    await storage.close();
  });
});
