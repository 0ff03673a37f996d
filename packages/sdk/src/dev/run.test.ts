import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { detectApp } from './detect-app.js';
import { isServingProcess, watchArgs } from './reloader.js';
import { type RunningApp, run } from './run.js';
import { APP_KINDS, makeApp } from './test-apps.js';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('detectApp', () => {
  it('tells each framework app apart by shape', () => {
    expect(APP_KINDS.map((kind) => detectApp(makeApp(kind)))).toEqual([...APP_KINDS]);
    expect(detectApp((_req: unknown, _res: unknown) => {})).toBe('node');
    expect([detectApp({}), detectApp(null), detectApp('app')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('run', () => {
  it('serves a bare request listener, wrapping it in the node:http adapter', async () => {
    running = await run((_req: IncomingMessage, res: { end(s: string): void }) => res.end('hello'), {
      port: 0,
      debug: false,
      log: () => {},
    });
    expect([running.kind, running.serving, await (await fetch(running.url)).text()]).toEqual([
      'node',
      true,
      'hello',
    ]);
  });

  it.each(['node', 'hono'] as const)(
    'useDebugger: false lets a %s error propagate out of the handler',
    async (kind) => {
      const seen: unknown[] = [];
      running = await run(makeApp(kind), {
        port: 0,
        debug: true,
        useDebugger: false,
        useReloader: false,
        env: {},
        log: () => {},
        onRequestError: (error) => seen.push(error),
      });
      const res = await fetch(`${running.url}/order`);
      expect([res.status, await res.text()]).toEqual([500, 'Internal Server Error']);
      expect(seen).toHaveLength(1);
      expect((seen[0] as Error).message).toBe('Could not price order A-17 in EUR');
    },
  );

  it('useDebugger: false hands an Express error to the next Express error middleware, not the page', async () => {
    const app = makeApp('express') as import('express').Express;
    const seen: unknown[] = [];
    app.use(
      (
        error: unknown,
        _req: unknown,
        res: { status(n: number): { end(s: string): void } },
        _next: unknown,
      ) => {
        seen.push(error);
        res.status(500).end('framework handled it');
      },
    );
    running = await run(app, {
      port: 0,
      debug: true,
      useDebugger: false,
      useReloader: false,
      env: {},
      log: () => {},
    });
    const res = await fetch(`${running.url}/order`);
    expect([res.status, await res.text()]).toEqual([500, 'framework handled it']);
    expect((seen[0] as Error).message).toBe('Could not price order A-17 in EUR');
  });

  it('takes debug from the app config (DEBUG from a file) when not given, like app.run', async () => {
    const app = makeApp('node');
    const { errorAppOf } = await import('./debug-mode.js');
    errorAppOf(app).config.fromMapping({ DEBUG: true });
    running = await run(app, { port: 0, useReloader: false, env: {}, log: () => {} });
    const res = await fetch(`${running.url}/order`);
    expect(await res.text()).toContain('<h1>Error</h1>');
  });
});

describe('the reloader', () => {
  it('re-runs the script under node --watch with the same flags', () => {
    expect(
      watchArgs(['--import', 'tsx', '--conditions=x'], ['/usr/bin/node', '/app/main.ts', '--flag']),
    ).toEqual(['--import', 'tsx', '--conditions=x', '--watch', '/app/main.ts', '--flag']);
  });

  it('serves in its own child and under a hand-started node --watch, spawns otherwise', () => {
    expect([
      isServingProcess({ FAULTLINE_RUN_MAIN: 'true' }),
      isServingProcess({ WATCH_REPORT_DEPENDENCIES: '1' }),
      isServingProcess({}),
    ]).toEqual([true, true, false]);
  });

  it('restarts the server when a file changes, and the new code answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-reload-'));
    const runModule = fileURLToPath(new URL('./run.ts', import.meta.url));
    writeFileSync(join(dir, 'message.mts'), "export const MESSAGE: string = 'one';\n");
    writeFileSync(
      join(dir, 'app.mts'),
      [
        `import { run } from ${JSON.stringify(runModule)};`,
        "import { MESSAGE } from './message.mts';",
        'await run((_req: unknown, res: { end(s: string): void }) => res.end(MESSAGE), {',
        '  port: Number(process.env.PORT), debug: true, env: {} });',
      ].join('\n'),
    );
    const port = await freePort();
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const parent = spawn(
      process.execPath,
      ['--conditions=@faultline/source', '--import', 'tsx', join(dir, 'app.mts')],
      {
        cwd: repo,
        env: {
          ...process.env,
          PORT: String(port),
          FAULTLINE_RUN_MAIN: '',
          WATCH_REPORT_DEPENDENCIES: '',
          NODE_OPTIONS: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    parent.stdout.on('data', (d) => (output += d));
    parent.stderr.on('data', (d) => (output += d));
    try {
      expect(await waitForBody(`http://127.0.0.1:${port}/`, 'one')).toBe('one');
      writeFileSync(join(dir, 'message.mts'), "export const MESSAGE: string = 'two';\n");
      expect(await waitForBody(`http://127.0.0.1:${port}/`, 'two')).toBe('two');
      expect(output).toContain('Restarting with node --watch');
      expect(output.match(/Running on http:\/\/127\.0\.0\.1/g)?.length).toBeGreaterThanOrEqual(2);
    } finally {
      const exited = new Promise((resolve) => parent.once('exit', resolve));
      parent.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
    // The watched child went with its parent: nothing answers on the port any more.
    expect(await refusedWithin(`http://127.0.0.1:${port}/`, 5000)).toBe(true);
  }, 30_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether connections to the URL are refused within the time (polled, bounded). */
async function refusedWithin(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await (await fetch(url)).text();
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Polls until the URL answers `want` (bounded); rejects with the last answer or error. */
async function waitForBody(url: string, want: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no answer';
  while (Date.now() < deadline) {
    try {
      const body = await (await fetch(url)).text();
      if (body === want) return body;
      last = body;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${want}: ${String(last)}`);
}
