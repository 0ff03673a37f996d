// Runs README.md's Quick start snippet, exactly as written there, as a real app in its own process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../../src/server-process.js';

/** The first ```ts block of README.md, with the list indentation taken off. */
export function readmeSnippet(readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')): string {
  const match = /^( *)```ts\n([\s\S]*?)^\1```/m.exec(readme);
  if (!match) throw new Error('README.md has no ```ts block');
  const indent = match[1]!.length;
  return match[2]!
    .split('\n')
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n');
}

export interface ReadmeApp {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Writes the snippet to app.ts in a temp folder that sees the checkout's node_modules (as a file at
 * the checkout's root would) and runs it under tsx with PORT and FAULTLINE_DSN set.
 */
export async function startReadmeApp(dsn: string): Promise<ReadmeApp> {
  const dir = mkdtempSync(join(tmpdir(), 'fl-readme-app-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'app.ts'), readmeSnippet());
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@faultline/source', '--import', 'tsx', 'app.ts'],
    {
      cwd: dir,
      env: { ...process.env, PORT: String(port), FAULTLINE_DSN: dsn },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const app: ReadmeApp = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`README app exited (code ${child.exitCode}):\n${output}`);
    try {
      await fetch(`${app.url}/`);
      return app;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`README app not listening within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
