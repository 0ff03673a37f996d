import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../logger.js';
import { createProjectWithKey } from '../projects/create-project.js';
import { startServer } from '../server.js';
import { openStorage } from '../storage/index.js';
import { envelope } from '../test-app.js';
import { digestThreadEntry, startDigestThread } from './digest-thread-host.js';
import { capturingLogger, fixtureItems, until } from './test-worker-helpers.js';
import { threadEntry } from './thread-entry.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-digest-thread-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('digest thread', () => {
  it('runs from the TypeScript sources with the tsx loader and the source condition', () => {
    const entry = digestThreadEntry();
    expect(entry.eval).toBe(true);
    expect(String(entry.code)).toMatch(/tsx\/dist\/esm\/api\/index\.mjs".*digest-thread\.ts"/);
  });

  it('starts the built .js entry directly, without a loader', () => {
    const built = join(dir, 'dist');
    mkdirSync(built);
    writeFileSync(join(built, 'digest-thread.js'), '');
    const entry = threadEntry(pathToFileURL(join(built, 'digest-thread-host.js')).href, 'digest-thread');
    expect(entry).toEqual({ code: pathToFileURL(join(built, 'digest-thread.js')), eval: false });
  });

  it('digests the queue of a database it opens itself, reports counts, and stops cleanly', async () => {
    const url = `sqlite:${join(dir, 'f.db')}`;
    const storage = await openStorage(url, { migrate: true });
    try {
      const { project } = await createProjectWithKey(storage, 'app', 'http://127.0.0.1');
      const items = fixtureItems(project.id);
      await storage.enqueue(items);
      let stored = 0;
      let newIssues = 0;
      const { logger } = capturingLogger();
      const thread = startDigestThread({
        databaseUrl: url,
        logLevel: 'silent',
        batchSize: 7,
        idleMs: 10,
        leaseMs: 60_000,
        maxJsonDepth: 64,
        logger,
        onDigested: (s, n) => {
          stored += s;
          newIssues += n;
        },
      });
      await thread.ready;
      await until(async () => (await storage.queueDepth()) === 0, 20_000);
      await thread.stop();
      const issues = (await storage.listIssues({ limit: 100 })).items;
      expect(stored).toBeGreaterThan(0);
      expect(newIssues).toBe(issues.length);
      const counted = issues.reduce((n, i) => n + i.eventCount, 0);
      expect(counted).toBe(stored);
    } finally {
      await storage.close();
    }
  });

  it('rejects ready when the thread cannot open its database', async () => {
    const { logger } = capturingLogger();
    const thread = startDigestThread({
      databaseUrl: 'sqlite:/nonexistent-dir/x/f.db',
      logLevel: 'silent',
      batchSize: 10,
      idleMs: 10,
      leaseMs: 1000,
      maxJsonDepth: 64,
      logger,
    });
    await expect(thread.ready).rejects.toThrow(/before it started/);
    await thread.stop();
  });

  it('is how startServer digests a database it opened, with metrics counted in the main thread', async () => {
    const config = loadConfig({
      env: {},
      cwd: dir,
      flags: { dataDir: join(dir, 'data'), port: 0, digestIdleMs: 20 },
    });
    const server = await startServer({ config, logger: createLogger('silent') });
    try {
      const { key } = await createProjectWithKey(server.storage, 'app', server.url);
      const eventId = 'cd'.repeat(16);
      const res = await fetch(`${server.url}/api/1/envelope/?sentry_key=${key.publicKey}`, {
        method: 'POST',
        body: envelope({ event_id: eventId }, [
          [{ type: 'event' }, { exception: { values: [{ type: 'RangeError', value: 'out of range' }] } }],
        ]),
      });
      expect(res.status).toBe(200);
      await until(async () => (await server.storage.listIssues({})).items.length === 1, 20_000);
      await until(async () =>
        (await (await fetch(`${server.url}/metrics`)).text()).includes('faultline_events_digested_total 1'),
      );
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('faultline_issues_created_total 1');
    } finally {
      await server.close();
    }
  });
});
