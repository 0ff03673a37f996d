// The CLI as users run it: a real process (tsx over the sources) against a real SQLite file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens.js';
import { openStorage } from '../storage/index.js';
import { makeTestApp } from '../test-app.js';
import { runCli } from './run.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
let dir: string;

function cli(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@faultline/source', MAIN, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, FAULTLINE_DATA_DIR: dir, FAULTLINE_LOG_LEVEL: 'silent', ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** The same entry point main.ts calls, in this process (fast); output captured line by line. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--data-dir', dir], {
    out: (l) => (out += `${l}\n`),
    err: (l) => (err += `${l}\n`),
  });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('faultline CLI', () => {
  it('migrates, creates users (flag and piped password), projects with a DSN and tokens', async () => {
    expect(await run(['migrate'])).toMatchObject({ code: 0, out: 'database migrated (sqlite)\n' });
    const admin = await run([
      'createuser',
      '--email',
      'Admin@Example.com',
      '--password',
      'long enough',
      '--admin',
    ]);
    expect(admin).toMatchObject({ code: 0, out: 'created administrator admin@example.com (id 1)\n' });
    const piped = await cli(['createuser', '--email', 'dev@example.com'], { stdin: 'piped secret\n' });
    expect(piped.out).toBe('created user dev@example.com (id 2)\n');
    const dup = await run(['createuser', '--email', 'dev@example.com', '--password', 'whatever1']);
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/already exists/);

    const project = await run(['project', 'create', 'my', 'app']);
    expect(project.code).toBe(0);
    expect(project.out).toMatch(
      /^created project my app \(id 1\)\nDSN: http:\/\/[0-9a-f]{32}@127\.0\.0\.1:8000\/1\n$/,
    );

    const token = await run(['token', 'create', '--user', 'admin@example.com']);
    expect(token.code).toBe(0);
    const value = token.out.split('\n')[0]!;
    expect(value).toMatch(/^flt_/);

    const storage = await openStorage(`sqlite:${join(dir, 'faultline.db')}`);
    try {
      const stored = await storage.findApiTokenByHash(hashToken(value));
      expect(stored?.userId).toBe(1);
      const dev = await storage.findUserByEmail('dev@example.com');
      const { verifyPassword } = await import('../auth/password.js');
      expect(await verifyPassword('piped secret', dev!.passwordHash)).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('prints the effective config with the database password redacted', async () => {
    const res = await cli(['config', '--port', '9100'], {
      env: { DATABASE_URL: 'postgres://app:s3cret@db/x' },
    });
    expect(res.code).toBe(0);
    expect(res.out).toContain('port = 9100\n');
    expect(res.out).toContain('databaseUrl = postgres://app:***@db/x\n');
    expect(res.out).not.toContain('s3cret');
  });

  it('rejects unknown commands and flags with exit code 2', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    const flag = await run(['migrate', '--colour']);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/colour/);
    expect((await run(['token', 'create'])).err).toMatch(/--user EMAIL/);
  });

  it('send-test-event posts a real envelope with a stack trace to a DSN', async () => {
    const t = await makeTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const dsn = `http://${t.key.publicKey}@127.0.0.1:${port}/1`;
      const res = await run(['send-test-event', dsn]);
      expect(res.err).toBe('');
      expect(res.code).toBe(0);
      expect(res.out).toMatch(/-> 200 \{"id":"[0-9a-f]{32}"\}/);
      const [row] = await t.storage.claimQueueItems(10, 60_000);
      const event = JSON.parse(Buffer.from(row!.payload).toString());
      expect(event.exception.values[0].value).toMatch(/test event/);
      expect(event.exception.values[0].stacktrace.frames.length).toBeGreaterThan(0);
      expect(event.exception.values[0].stacktrace.frames.at(-1).filename).toMatch(/send-test-event\.ts$/);
      const denied = await run(['send-test-event', `http://${'0'.repeat(32)}@127.0.0.1:${port}/1`]);
      expect(denied.code).toBe(1);
      expect(denied.out).toMatch(/-> 403/);
    } finally {
      await t.close();
    }
  });

  it('serve prints how to create the first user and project, and stops cleanly on SIGTERM', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'faultline-serve-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@faultline/source', MAIN, 'serve', '--port', '0'],
      {
        cwd: ROOT,
        env: { ...process.env, FAULTLINE_DATA_DIR: serveDir, FAULTLINE_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('faultline token create')) resolve();
        });
        child.on('close', () => reject(new Error(`serve exited early: ${out}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(out).toContain('No users yet.');
      expect(out).toContain(`faultline createuser --email you@example.com --admin --data-dir ${serveDir}`);
      expect(out).toContain(`faultline project create my-app --data-dir ${serveDir}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('shutting down');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(serveDir, { recursive: true, force: true });
    }
  });
});
