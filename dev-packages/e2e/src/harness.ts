import { createProjectWithKey, loadConfig, type RunningServer, startServer } from '@faultline/server';
import { tempDir } from '@faultline/test-utils';
import { waitFor } from './wait.js';

// The package root exports the running server, not the storage types: derive them from it.
export type Storage = RunningServer['storage'];
export type Issue = Awaited<ReturnType<Storage['listIssues']>>['items'][number];
export type StoredEvent = NonNullable<Awaited<ReturnType<Storage['getEvent']>>>;

/** A real Faultline server on 127.0.0.1 with SQLite in a temp dir and one project. */
export interface Harness {
  port: number;
  dsn: string;
  projectId: number;
  publicKey: string;
  storage: Storage;
  /** Waits until the project has at least `n` issues (bounded), and returns them all. */
  waitForIssues(n: number, timeoutMs?: number): Promise<Issue[]>;
  /** Waits until every event id is stored (digested), and returns them in the same order. */
  waitForEvents(eventIds: string[], timeoutMs?: number): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/**
 * Starts the server in this process (ingest, digest worker, storage) the way `faultline serve`
 * does, creates a project and returns its DSN with helpers that wait for digest.
 *
 * @example
 * const harness = await startHarness();
 * // send events to harness.dsn …
 * const issues = await harness.waitForIssues(2);
 * await harness.close();
 */
export async function startHarness(options: { settings?: Record<string, unknown> } = {}): Promise<Harness> {
  const dir = tempDir('fl-e2e-');
  const config = loadConfig({
    flags: { port: 0, dataDir: dir.path, logLevel: 'warn', digestIdleMs: 20, ...options.settings },
    env: {},
  });
  const server = await startServer({ config });
  const storage = server.storage;
  const port = server.port;
  const { project, key } = await createProjectWithKey(storage, 'e2e', `http://127.0.0.1:${port}`);
  const dsn = `http://${key.publicKey}@127.0.0.1:${port}/${project.id}`;

  const allIssues = async () => (await storage.listIssues({ projectIds: [project.id], limit: 100 })).items;
  return {
    port,
    dsn,
    projectId: project.id,
    publicKey: key.publicKey,
    storage,
    waitForIssues: (n, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const issues = await allIssues();
          return issues.length >= n ? issues : undefined;
        },
        {
          timeoutMs,
          describe: async () =>
            `${(await allIssues()).length} of ${n} issues; queue depth ${await storage.queueDepth()}`,
        },
      ),
    waitForEvents: (eventIds, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const events = await Promise.all(eventIds.map((id) => storage.getEvent(project.id, id)));
          return events.every((event) => event !== undefined) ? (events as StoredEvent[]) : undefined;
        },
        {
          timeoutMs,
          describe: async () => {
            const missing = [];
            for (const id of eventIds) if (!(await storage.getEvent(project.id, id))) missing.push(id);
            return `events not stored: ${missing.join(', ')}; queue depth ${await storage.queueDepth()}`;
          },
        },
      ),
    async close() {
      await server.close();
      dir.remove();
    },
  };
}
