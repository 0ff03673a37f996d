// Test support (excluded from the build): a real app over a real SQLite database in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { type Config, loadConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { createProjectWithKey } from './projects/create-project.js';
import { openStorage } from './storage/index.js';

export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

/** A built app with one project and key; `close()` removes everything. */
export async function makeTestApp(overrides: Partial<Config> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-test-'));
  const config = loadConfig({
    env: {},
    cwd: dir,
    flags: { dataDir: dir, port: 0, logLevel: 'silent', ...overrides },
  });
  const storage = await openStorage(config.databaseUrl);
  await storage.migrate();
  const built = await buildApp({ config, storage, logger: createLogger('silent') });
  const { project, key, dsn } = await createProjectWithKey(storage, 'test', config.publicUrl);
  return {
    ...built,
    config,
    storage,
    project,
    key,
    dsn,
    dir,
    async close() {
      await built.app.close();
      await built.batcher.drain();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Claims every queued item (a test's view of what ingest made durable). */
export async function queued(storage: TestApp['storage']) {
  return storage.claimQueueItems(10_000, 60_000);
}

/** An envelope body as @sentry/node sends it: no lengths, no final newline. */
export function envelope(
  header: Record<string, unknown>,
  items: Array<[Record<string, unknown>, unknown]>,
): string {
  return [
    JSON.stringify(header),
    ...items.flatMap(([h, p]) => [JSON.stringify(h), typeof p === 'string' ? p : JSON.stringify(p)]),
  ].join('\n');
}
