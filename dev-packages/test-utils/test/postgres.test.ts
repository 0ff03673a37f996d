import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import {
  createTestDatabase,
  findPostgresBin,
  PostgresUnavailableError,
  requirePostgres,
  startPostgres,
  withDatabase,
} from '../src/index.js';

const run = promisify(execFile);
const bin = findPostgresBin();

async function psql(url: string, query: string): Promise<string> {
  const { stdout } = await run(join(bin!, 'psql'), ['-X', '-A', '-t', '-d', url, '-c', query]);
  return stdout.trim();
}

describe('startPostgres', () => {
  const provided = inject('postgres');
  const shared = requirePostgres(provided);

  // Registered only with a cluster; requirePostgres already failed the file when one is required.
  if (shared !== null) {
    it('the shared cluster answers and hands out separate databases', async () => {
      const a = await createTestDatabase(shared!);
      const b = await createTestDatabase(shared!);
      expect(a.name).not.toBe(b.name);
      expect(await psql(a.url, 'select current_database()')).toBe(a.name);
      await psql(a.url, 'create table t (x int); insert into t values (1)');
      expect(await psql(b.url, "select count(*) from pg_tables where tablename = 't'")).toBe('0');
      await a.drop();
      await b.drop();
      expect(
        await psql(shared!, `select count(*) from pg_database where datname in ('${a.name}', '${b.name}')`),
      ).toBe('0');
    });

    it('starts its own throwaway cluster on 127.0.0.1 and removes it on stop', async () => {
      const pg = await startPostgres();
      const url = new URL(pg.url);
      expect(url.hostname).toBe('127.0.0.1');
      expect(await psql(pg.url, 'show fsync')).toBe('off');
      const dataDir = await psql(pg.url, 'show data_directory');
      expect(existsSync(dataDir)).toBe(true);
      await pg.stop();
      expect(existsSync(dataDir)).toBe(false);
      await pg.stop();
    });

    it('stops and removes the cluster when its owner process dies without calling stop()', async () => {
      // The owner: a child process that lives until we end it (a test run killed by a timeout).
      const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      const pg = await startPostgres({ ownerPid: owner.pid! });
      const dataDir = await psql(pg.url, 'show data_directory');
      owner.kill('SIGKILL');
      let gone = false;
      for (let i = 0; i < 60 && !gone; i++) {
        await sleep(250);
        gone = !existsSync(dataDir);
      }
      expect(gone).toBe(true);
      await expect(psql(pg.url, 'select 1')).rejects.toThrow();
    });
  }

  it('reports missing binaries as PostgresUnavailableError', async () => {
    const saved = process.env.PG_BIN;
    process.env.PG_BIN = '/nonexistent/pg/bin';
    try {
      expect(findPostgresBin()).toBeUndefined();
      await expect(startPostgres()).rejects.toBeInstanceOf(PostgresUnavailableError);
    } finally {
      if (saved === undefined) delete process.env.PG_BIN;
      else process.env.PG_BIN = saved;
    }
  });

  it('rewrites the database of a URL', () => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5/postgres', 'x_1')).toBe(
      'postgres://postgres@127.0.0.1:5/x_1',
    );
  });
});

describe('requirePostgres', () => {
  const missing = { url: null, reason: 'initdb not found', missingBinaries: true };
  it('fails under CI, skips loudly otherwise, and never tolerates a broken cluster', () => {
    expect(requirePostgres({ url: 'postgres://x', reason: null, missingBinaries: false }, {})).toBe(
      'postgres://x',
    );
    expect(() => requirePostgres(missing, { CI: 'true' })).toThrow(/required in CI/);
    expect(requirePostgres(missing, {})).toBeNull();
    expect(() => requirePostgres({ ...missing, missingBinaries: false }, {})).toThrow(/cluster failed/);
  });
});
