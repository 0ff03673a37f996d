import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createAlertSender, loadAlertSettings } from './alerts/index.js';
import { buildApp } from './app.js';
import { type Config, listeningPublicUrl, loadConfig } from './config/index.js';
import { startDigestThread } from './digest/digest-thread-host.js';
import { createDigestWorker } from './digest/index.js';
import { startQueueWriter } from './ingest/queue-writer.js';
import { createLogger, type Logger } from './logger.js';
import { startRetention } from './ops/retention.js';
import { openStorage } from './storage/index.js';
import type { DigestEvent, DigestOutcome, QueueItem, Storage } from './storage/types.js';

export interface RunningServer {
  /** Base URL it listens on, e.g. `http://127.0.0.1:8000`. */
  url: string;
  port: number;
  config: Config;
  storage: Storage;
  app: FastifyInstance;
  /** Events received by ingest and waiting for their queue commit (they are not answered yet). */
  pendingEvents(): number;
  /** Stops accepting, drains pending ingest commits, stops digest and retention, closes storage. */
  close(): Promise<void>;
}

/**
 * Opens storage (migrating it), starts digest and retention, and listens.
 * @example const server = await startServer({ config: loadConfig({ flags: { port: 0 } }) }); await server.close();
 */
export async function startServer(
  opts: {
    config?: Config;
    storage?: Storage;
    logger?: Logger;
    /** Called after each digested batch, after the metrics (alerts hook in here). */
    onDigested?: (outcomes: DigestOutcome[], events: DigestEvent[]) => void | Promise<void>;
  } = {},
): Promise<RunningServer> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel);
  const ownsStorage = opts.storage === undefined;
  if (ownsStorage && config.databaseUrl.startsWith('sqlite:')) mkdirSync(config.dataDir, { recursive: true });
  const storage = opts.storage ?? (await openStorage(config.databaseUrl));
  await storage.migrate();

  const writer = await startWriter(config, ownsStorage, logger).catch(async (error: unknown) => {
    if (ownsStorage) await storage.close();
    throw error;
  });
  const built = await buildApp({
    config,
    storage,
    logger,
    ...(writer ? { enqueue: (items: QueueItem[]) => writer.enqueue(items) } : {}),
  });
  const { app, metrics, batcher } = built;
  const digest = startDigest(config, storage, ownsStorage, logger, metrics, opts.onDigested);
  const retention = startRetention({
    storage,
    logger: logger.child({ component: 'retention' }),
    retentionDays: config.retentionDays,
    batchSize: config.retentionBatchSize,
    intervalMs: config.retentionIntervalMs,
  });

  // The digest runs before the first request is accepted: a thread takes a moment to start (longer
  // from the TypeScript sources), and a server that answers should also be digesting.
  try {
    await digest.start();
  } catch (error) {
    retention.stop();
    await app.close().catch(() => {});
    await writer?.close();
    if (ownsStorage) await storage.close();
    throw error;
  }
  let port: number;
  try {
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    port = typeof address === 'object' && address !== null ? address.port : config.port;
    // The config object is shared with the web UI, which reads publicUrl per request (DSNs, Origin).
    config.publicUrl = listeningPublicUrl(config, port);
  } catch (error) {
    retention.stop();
    await app.close().catch(() => {});
    await writer?.close();
    await digest.stop();
    if (ownsStorage) await storage.close();
    throw error;
  }
  const alerts = createAlertSender({
    storage,
    settings: loadAlertSettings(config),
    logger: logger.child({ component: 'alerts' }),
  });
  alerts.start();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, database: storage.dialect }, 'faultline listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    config,
    storage,
    app,
    pendingEvents: () => batcher.stats.pending,
    close() {
      closing ??= (async () => {
        retention.stop();
        // app.close() waits for in-flight requests, whose answers wait for their commits.
        await app.close();
        await batcher.drain();
        await writer?.close();
        await digest.stop();
        await alerts.stop();
        if (ownsStorage) await storage.close();
      })();
      return closing;
    },
  };
}

/** A SQLite file this server opened itself: its queue commits and digest get threads of their own. */
function ownSqliteFile(config: Config, ownsStorage: boolean): boolean {
  const url = config.databaseUrl.trim();
  return ownsStorage && /^sqlite:/i.test(url) && !/^sqlite:(\/\/)?:memory:$/i.test(url);
}

/**
 * Ingest's group commits on SQLite go to a thread (ingest/queue-writer-thread.ts says why); on
 * PostgreSQL a commit is already asynchronous, and a storage handed in has no URL to reopen.
 */
async function startWriter(config: Config, ownsStorage: boolean, logger: Logger) {
  if (!ownSqliteFile(config, ownsStorage)) return undefined;
  const writer = startQueueWriter({
    databaseUrl: config.databaseUrl,
    logger: logger.child({ component: 'queue-writer' }),
  });
  await writer.ready;
  return writer;
}

/**
 * The digest beside ingest: in a worker thread with its own connection when this server opened a
 * file or PostgreSQL database itself (one event loop cannot accept and digest 5,000 events/s, see
 * docs/performance.md); in this thread for a storage handed in or in memory (a second connection
 * could not see it) and for an in-process onDigested hook (it needs the batch's events).
 */
function startDigest(
  config: Config,
  storage: Storage,
  ownsStorage: boolean,
  logger: Logger,
  metrics: { eventsDigested: number; issuesCreated: number },
  onDigested?: (outcomes: DigestOutcome[], events: DigestEvent[]) => void | Promise<void>,
): { start(): Promise<void>; stop(): Promise<void> } {
  const inMemory = /^sqlite:(\/\/)?:memory:$/i.test(config.databaseUrl.trim());
  const options = {
    batchSize: config.digestBatchSize,
    idleMs: config.digestIdleMs,
    leaseMs: config.digestLeaseMs,
    maxJsonDepth: config.maxJsonDepth,
    concurrency: config.digestConcurrency,
  };
  if (ownsStorage && !inMemory && onDigested === undefined) {
    let thread: ReturnType<typeof startDigestThread> | undefined;
    return {
      async start() {
        thread = startDigestThread({
          databaseUrl: config.databaseUrl,
          logLevel: config.logLevel,
          ...options,
          logger: logger.child({ component: 'digest' }),
          onDigested: (stored, newIssues) => {
            metrics.eventsDigested += stored;
            metrics.issuesCreated += newIssues;
          },
        });
        await thread.ready;
      },
      stop: async () => thread?.stop(),
    };
  }
  const worker = createDigestWorker({
    storage,
    logger: logger.child({ component: 'digest' }),
    ...options,
    onDigested: (outcomes: DigestOutcome[], events: DigestEvent[]) => {
      for (const outcome of outcomes) {
        if (outcome.stored) metrics.eventsDigested += 1;
        if (outcome.isNewIssue) metrics.issuesCreated += 1;
      }
      return onDigested?.(outcomes, events);
    },
  });
  return {
    async start() {
      worker.start();
    },
    stop: () => worker.stop(),
  };
}
