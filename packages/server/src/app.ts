import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { loadAlertSettings, registerAlertApiRoutes } from './alerts/index.js';
import { registerApiRoutes } from './api/routes.js';
import type { Config } from './config/index.js';
import { type Batcher, createBatcher } from './ingest/batcher.js';
import { ingestServerFactory } from './ingest/ingest-server.js';
import { IngestService } from './ingest/ingest-service.js';
import { KeyCache } from './ingest/key-cache.js';
import { QueueGauge } from './ingest/queue-gauge.js';
import { KeyRateLimiter } from './ingest/rate-limiter.js';
import { createRawIngestHandler } from './ingest/raw-ingest.js';
import { registerIngestRoutes } from './ingest/routes.js';
import type { Logger } from './logger.js';
import { Metrics } from './ops/metrics.js';
import { registerOpsRoutes } from './ops/routes.js';
import type { QueueItem, Storage } from './storage/types.js';
import { webPlugin } from './web/index.js';

export interface App {
  app: FastifyInstance;
  metrics: Metrics;
  keys: KeyCache;
  batcher: Batcher<QueueItem>;
  gauge: QueueGauge;
}

/**
 * One Fastify instance with ingest, the read API, operations routes and the web UI over an open storage
 * (no listening, no background jobs: tests drive it with inject()).
 * @example const { app } = await buildApp({ config, storage, logger }); await app.inject({ url: '/healthz' });
 */
export async function buildApp(opts: {
  config: Config;
  storage: Storage;
  logger: Logger;
  /** Where ingest's group commits go (default storage.enqueue; the server hands in its queue writer thread). */
  enqueue?: (items: QueueItem[]) => Promise<void>;
}): Promise<App> {
  const { config, storage, logger } = opts;
  const enqueue = opts.enqueue ?? ((items: QueueItem[]) => storage.enqueue(items));
  const metrics = new Metrics();
  const keys = new KeyCache(storage, config.keyCacheTtlMs);
  const gauge = new QueueGauge(storage);
  await gauge.refresh();
  const batcher = createBatcher<QueueItem>({
    maxBatch: config.ingestBatchSize,
    maxWaitMs: config.ingestBatchMaxWaitMs,
    commit: async (items) => {
      await enqueue(items);
      metrics.queueCommits += 1;
    },
  });
  const ingest = new IngestService({ config, keys, limiter: new KeyRateLimiter(), batcher, gauge, metrics });
  const trustProxy = trustProxyOption(config.trustProxy);
  const serveIngest = createRawIngestHandler({
    ingest,
    limits: {
      maxCompressedBodyBytes: config.maxCompressedBodyBytes,
      maxDecompressedBodyBytes: config.maxDecompressedBodyBytes,
    },
    metrics,
    logger,
    trustProxy,
  });

  // Ingest bodies are read by ingest's own capped parser; this limit is for the JSON API only.
  // Ingest requests reach serveIngest straight from node:http: Fastify's per-request machinery
  // cost more CPU than the rest of ingest's HTTP layer (docs/performance.md).
  const app: FastifyInstance = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy,
    serverFactory: ingestServerFactory(serveIngest),
  });
  registerIngestRoutes(app, serveIngest);
  registerApiRoutes(app, {
    storage,
    keys,
    // Read on use: with port 0, startServer fills in the real port after listen.
    get publicUrl() {
      return config.publicUrl;
    },
    logger,
  });
  registerOpsRoutes(app, { storage, metrics, queueMaxDepth: config.queueMaxDepth });
  registerAlertApiRoutes(app, { storage, settings: loadAlertSettings(config), logger });
  await app.register(webPlugin, {
    storage,
    config,
    logger: logger.child({ component: 'web' }),
    // Keys revoked or re-limited in the UI take effect for ingest at once, as through the API.
    onKeyChanged: (publicKey) => keys.invalidate(publicKey),
  });
  return { app, metrics, keys, batcher, gauge };
}

/** Fastify's trustProxy from the setting: '' none, 'true', a hop count, or addresses/CIDRs. */
export function trustProxyOption(value: string): FastifyServerOptions['trustProxy'] {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address: string, hop: number) => hop < hops;
  }
  return v;
}
