// Throwaway PostgreSQL clusters for tests. The system cluster is stopped and root cannot log in to it
// (research/deps.md §2), so each run makes its own: initdb with trust auth into a temp dir, pg_ctl on
// a free port, listening on 127.0.0.1 only, unix socket inside the temp dir, fsync off (tests never
// need durability across a crash). When running as root, initdb/pg_ctl run as the `postgres` OS user
// because PostgreSQL refuses to run as root.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, no password). */
  url: string;
  port: number;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/** Thrown when no PostgreSQL server binaries are installed on this machine. */
export class PostgresUnavailableError extends Error {
  override name = 'PostgresUnavailableError';
}

/** Finds the directory holding initdb and pg_ctl (PG_BIN, then Debian's /usr/lib/postgresql/<v>/bin). */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  // An explicit PG_BIN is the only place looked at, so a wrong one reads as "not installed".
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (!process.env.PG_BIN && existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(root, v, 'bin'));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function osUserIds(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts a throwaway cluster.
 * @example
 * const pg = await startPostgres();
 * // … connect to pg.url …
 * await pg.stop();
 */
export interface StartPostgresOptions {
  /**
   * The cluster is stopped and removed when this process exits, even if it never calls stop()
   * (a test run killed by a timeout). Default: the current process.
   */
  ownerPid?: number;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A detached shell that waits for the owner to exit and then stops the cluster and removes its
 * directory: stop() kills it first, so it only acts when the owner died without cleaning up.
 */
function watchOwner(ownerPid: number, stopCommand: string, dirPath: string): ChildProcess {
  const script = `while kill -0 ${ownerPid} 2>/dev/null; do sleep 1; done; ${stopCommand} >/dev/null 2>&1; rm -rf ${shellQuote(dirPath)}`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  if (!bin)
    throw new PostgresUnavailableError('PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN');
  const dir = tempDir('faultline-pg-');
  const dataDir = join(dir.path, 'data');
  const asRoot = process.getuid?.() === 0;
  const wrap = async (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
  try {
    if (asRoot) {
      const ids = await osUserIds('postgres');
      chownSync(dir.path, ids.uid, ids.gid);
    }
    await wrap(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    // Another process can take the free port before the server binds it: retry on a new port.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await wrap(join(bin, 'pg_ctl'), [
          '-D',
          dataDir,
          '-o',
          opts,
          '-l',
          join(dir.path, 'server.log'),
          '-w',
          'start',
        ]);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    const pgCtlStop = `${shellQuote(join(bin, 'pg_ctl'))} -D ${shellQuote(dataDir)} -m immediate -w stop`;
    const watchdog = watchOwner(
      opts.ownerPid ?? process.pid,
      asRoot ? `runuser -u postgres -- ${pgCtlStop}` : pgCtlStop,
      dir.path,
    );
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        watchdog.kill();
        try {
          await wrap(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        } finally {
          dir.remove();
        }
      },
    };
  } catch (err) {
    dir.remove();
    throw err;
  }
}

/** Replaces the database name in a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates a database with a random name on the server at `url` (each test file gets its own, so
 * files run in parallel) and returns its URL and a drop function.
 */
export async function createTestDatabase(
  url: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const bin = findPostgresBin();
  if (!bin) throw new PostgresUnavailableError('PostgreSQL client binaries (createdb) not found; set PG_BIN');
  const u = new URL(url);
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const name = `fl_test_${randomBytes(6).toString('hex')}`;
  await run(join(bin, 'createdb'), [...conn, name]);
  return {
    url: withDatabase(url, name),
    name,
    drop: async () => {
      await run(join(bin, 'dropdb'), [...conn, '--force', '--if-exists', name]);
    },
  };
}
