import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../../../..');
const APP = resolve(import.meta.dirname, 'apps/shop-app.ts');

/**
 * Bundles the TypeScript shop (our packages from source, frameworks left external) with a source
 * map into a temp dir whose node_modules points at the repository's, as a deploy would ship it.
 */
export async function bundleShop(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fl-sdk-e2e-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const outfile = join(dir, 'shop.mjs');
  await build({
    entryPoints: [APP],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    outfile,
    conditions: ['@faultline/source'],
    external: [
      'express',
      'fastify',
      'hono',
      'hono/*',
      'koa',
      '@hono/node-server',
      '@jridgewell/trace-mapping',
    ],
    logLevel: 'silent',
  });
  return outfile;
}

/** A running shop process. */
export interface ShopProcess {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the bundled shop with plain node (no loader, no --enable-source-maps) and waits for its port. */
export function startShop(bundle: string, env: Record<string, string>): Promise<ShopProcess> {
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`shop did not start in time: ${stderr}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`shop exited with ${code}: ${stderr}`));
    });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolvePort({ port: Number(m[1]), child, stop });
      }
    });
  });
}
