import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from './auth/tokens.js';
import { loadConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { createProjectWithKey } from './projects/create-project.js';
import { startServer } from './server.js';
import { openStorage } from './storage/index.js';
import { envelope } from './test-app.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-server-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('startServer', () => {
  it('opens and migrates storage, accepts over HTTP, digests into an issue, and closes cleanly', async () => {
    const config = loadConfig({
      env: {},
      cwd: dir,
      flags: { dataDir: join(dir, 'data'), port: 0, digestIdleMs: 20 },
    });
    const digested: string[] = [];
    const server = await startServer({
      config,
      logger: createLogger('silent'),
      onDigested: (o) => void digested.push(...o.map((x) => x.eventId)),
    });
    let closed = false;
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.port).toBeGreaterThan(0);
      const { key } = await createProjectWithKey(server.storage, 'app', server.url);
      const eventId = 'ab'.repeat(16);
      const res = await fetch(`${server.url}/api/1/envelope/?sentry_key=${key.publicKey}`, {
        method: 'POST',
        body: envelope({ event_id: eventId }, [
          [
            { type: 'event' },
            { exception: { values: [{ type: 'TypeError', value: 'x is not a function' }] } },
          ],
        ]),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: eventId });
      const issue = await until(async () => (await server.storage.listIssues({})).items[0], 'the issue');
      expect(issue.title).toMatch(/TypeError/);
      expect(digested).toEqual([eventId]);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('faultline_events_digested_total 1');
      expect(metrics).toContain('faultline_issues_created_total 1');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await server.close();
      closed = true;
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      if (!closed) await server.close();
    }
  });

  it('on port 0 derives publicUrl from the real address, unless publicUrl was set', async () => {
    const config = loadConfig({ env: {}, cwd: dir, flags: { dataDir: dir, port: 0 } });
    const server = await startServer({ config, logger: createLogger('silent') });
    try {
      expect(server.config.publicUrl).toBe(server.url);
      const { dsn } = await createProjectWithKey(server.storage, 'app', server.config.publicUrl);
      expect(new URL(dsn).port).toBe(String(server.port));
      // The read API answers with the same, real DSN (it reads publicUrl on use, not at start).
      const user = await server.storage.createUser({
        email: 'a@example.com',
        passwordHash: 'x',
        isAdmin: true,
      });
      const { token } = await createApiToken(server.storage, user, 'test');
      const res = await fetch(`${server.url}/api/0/projects/1/keys/`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = JSON.stringify(await res.json());
      expect(body).toContain(`@127.0.0.1:${server.port}/`);
      expect(body).not.toContain('127.0.0.1:0/');
    } finally {
      await server.close();
    }
    const fixed = loadConfig({
      env: {},
      cwd: dir,
      flags: { dataDir: dir, port: 0, publicUrl: 'https://errors.example.com' },
    });
    const other = await startServer({ config: fixed, logger: createLogger('silent') });
    try {
      expect(other.config.publicUrl).toBe('https://errors.example.com');
    } finally {
      await other.close();
    }
  });

  it('refuses a port in use and releases what it opened', async () => {
    const config = loadConfig({ env: {}, cwd: dir, flags: { dataDir: dir, port: 0 } });
    const first = await startServer({ config, logger: createLogger('silent') });
    try {
      await expect(
        startServer({ config: { ...config, port: first.port }, logger: createLogger('silent') }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('close() commits what ingest still holds before closing the database', async () => {
    const dataDir = join(dir, 'drain');
    const config = loadConfig({
      env: {},
      cwd: dir,
      flags: { dataDir, port: 0, ingestBatchSize: 1000, ingestBatchMaxWaitMs: 5_000, digestIdleMs: 20 },
    });
    const server = await startServer({ config, logger: createLogger('silent') });
    const { key } = await createProjectWithKey(server.storage, 'app', server.url);
    const n = 20;
    // Waiting in the batcher (5 s max wait, batch of 1000): only close() can flush them early.
    const answers = Array.from({ length: n }, (_, i) =>
      server.app.inject({
        method: 'POST',
        url: `/api/1/store/?sentry_key=${key.publicKey}`,
        payload: JSON.stringify({ event_id: i.toString(16).padStart(32, '0'), message: `drain ${i}` }),
      }),
    );
    for (let i = 0; i < 400 && server.pendingEvents() < n; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.pendingEvents()).toBe(n);
    await server.close();
    expect(server.pendingEvents()).toBe(0);
    expect((await Promise.all(answers)).map((a) => a.statusCode)).toEqual(Array(n).fill(200));
    const storage = await openStorage(config.databaseUrl);
    try {
      const issues = (await storage.listIssues({})).items;
      const digested = issues.reduce((sum, issue) => sum + issue.eventCount, 0);
      expect(digested + (await storage.queueDepth())).toBe(n);
    } finally {
      await storage.close();
    }
  });
});
