import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sendRaw } from './raw-http.js';
import { runProcess } from './run-process.js';

/** The repository root, where the CLI is run from. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = 'packages/server/src/cli/main.ts';
// One node process running the TypeScript CLI (no npx/tsx wrapper processes), so the pid we hold
// is the server itself: kill -9 hits it and its RSS is the server's.
const NODE_ARGS = ['--conditions=@faultline/source', '--import', 'tsx', CLI];

/** A DSN's parts, as `faultline project create` prints it. */
export interface ProjectDsn {
  dsn: string;
  publicKey: string;
  projectId: number;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Everything the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** SIGKILL, no chance to flush or clean up; resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after the timeout). */
  stop(timeoutMs?: number): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1 (the CLI needs one before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Parses the DSN the CLI printed. */
export function parseDsn(text: string): ProjectDsn {
  const match = /(https?:\/\/([0-9a-f]{32})@[^\s/]+(?:\/[^\s]*)?\/(\d+))\b/.exec(text);
  if (!match) throw new Error(`no DSN in output:\n${text}`);
  return { dsn: match[1]!, publicKey: match[2]!, projectId: Number(match[3]) };
}

/** The same project's DSN, pointed at the port a server is listening on now. */
export function dsnForPort(project: ProjectDsn, port: number): string {
  return `http://${project.publicKey}@127.0.0.1:${port}/${project.projectId}`;
}

/** Runs `faultline project create NAME` against a data dir and returns the DSN it printed. */
export async function createProjectWithCli(dataDir: string, name: string): Promise<ProjectDsn> {
  const result = await runProcess(
    process.execPath,
    [...NODE_ARGS, 'project', 'create', name, '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      env: { FAULTLINE_LOG_LEVEL: 'warn' },
      timeoutMs: 30_000,
    },
  );
  return parseDsn(result.stdout);
}

/** Resident and peak resident memory of a process in bytes, from /proc (Linux). */
export function processMemory(pid: number): { rss: number; peakRss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kib('VmRSS'), peakRss: kib('VmHWM') };
}

/**
 * Starts `faultline serve` as its own process on a free port and waits until it answers HTTP.
 *
 * @example
 * const server = await startServerProcess({ dataDir });
 * await server.stop();
 */
export async function startServerProcess(options: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [...NODE_ARGS, 'serve', '--port', String(port), '--data-dir', options.dataDir],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, FAULTLINE_LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const server: ServerProcess = {
    child,
    pid: child.pid ?? -1,
    port,
    output: () => output,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 10_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (gone()) throw new Error(`server exited before it was ready (code ${child.exitCode}):\n${output}`);
    try {
      const outcome = await sendRaw(
        port,
        { method: 'GET', path: '/healthz', headers: [['Host', `127.0.0.1:${port}`]], body: new Uint8Array() },
        { timeoutMs: 2_000 },
      );
      if (outcome.kind === 'response') return server;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await server.kill9();
      throw new Error(`server not ready within ${options.readyTimeoutMs ?? 30_000} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
