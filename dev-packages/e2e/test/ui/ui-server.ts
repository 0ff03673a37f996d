// A real Faultline server for the browser tests: ingest, digest worker and the web UI plugin on one
// Fastify instance listening on 127.0.0.1, over SQLite in a temp dir.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { buildApp } from '../../../../packages/server/src/app.js';
import { hashPassword } from '../../../../packages/server/src/auth/index.js';
import { loadConfig } from '../../../../packages/server/src/config/index.js';
import { createDigestWorker } from '../../../../packages/server/src/digest/index.js';
import { createLogger } from '../../../../packages/server/src/logger.js';
import { createProjectWithKey } from '../../../../packages/server/src/projects/index.js';
import { openStorage } from '../../../../packages/server/src/storage/index.js';
import type { Project, Storage } from '../../../../packages/server/src/storage/types.js';
import { webPlugin } from '../../../../packages/server/src/web/index.js';
import { CHROMIUM_ARGS } from '../../src/browser-client.js';
import { screenshotDir } from './screenshot-dir.js';

export interface UiServer {
  url: string;
  storage: Storage;
  project: Project;
  dsn: string;
  close(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' };

/** Starts ingest + digest + UI with one admin user and one project. */
export async function startUiServer(): Promise<UiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fl-ui-'));
  const port = await freePort();
  const config = loadConfig({
    env: {},
    cwd: dir,
    // A known free port, so publicUrl (and every DSN the UI shows) names the real address.
    flags: {
      dataDir: dir,
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      logLevel: 'silent',
      digestIdleMs: 20,
    },
  });
  const storage = await openStorage(config.databaseUrl, { migrate: true });
  const logger = createLogger('silent');
  const built = await buildApp({ config, storage, logger });
  // buildApp mounts the UI once the server wires it in; until then (or if it does not), mount it here.
  if (!built.app.hasRoute({ method: 'GET', url: '/static/style.css' })) {
    await built.app.register(webPlugin, {
      storage,
      config: { dataDir: dir },
      logger,
      onKeyChanged: (k) => built.keys.invalidate(k),
    });
  }
  await built.app.listen({ port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  const digest = createDigestWorker({ storage, logger, idleMs: 20 });
  digest.start();
  await storage.createUser({
    email: ADMIN.email,
    passwordHash: await hashPassword(ADMIN.password),
    isAdmin: true,
  });
  const { project, dsn } = await createProjectWithKey(storage, 'checkout-api', url);
  return {
    url,
    storage,
    project,
    dsn,
    async close() {
      await built.app.close();
      await digest.stop();
      await built.batcher.drain();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium through playwright-core (no browser downloads here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const CLIENT = fileURLToPath(new URL('./clients/throw-with-locals.mjs', import.meta.url));

/** Runs the @sentry/node client once in a child process; returns the event id it reported. */
export async function sendNodeError(dsn: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLIENT], {
    env: { ...process.env, E2E_DSN: dsn },
    timeout: 30_000,
  });
  const id = /event_id=([0-9a-f]{32})/.exec(stdout)?.[1];
  if (!id) throw new Error(`client printed no event id: ${stdout}`);
  return id;
}

/** Polls until `check` returns a value (bounded). */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Where the tests write screenshots: docs/screenshots/ only with FAULTLINE_UPDATE_SCREENSHOTS=1. */
export const SCREENSHOTS = screenshotDir();
