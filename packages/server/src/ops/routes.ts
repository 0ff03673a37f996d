import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/types.js';
import type { Metrics } from './metrics.js';

/** GET /healthz (database answers and queue below its bound) and GET /metrics (Prometheus text). */
export function registerOpsRoutes(
  app: FastifyInstance,
  deps: { storage: Storage; metrics: Metrics; queueMaxDepth: number },
): void {
  app.get('/healthz', async (_request, reply) => {
    const database = await deps.storage.ping().catch(() => false);
    if (!database) return reply.code(503).send({ status: 'unavailable', reason: 'database does not answer' });
    const depth = await deps.storage.queueDepth().catch(() => Number.NaN);
    if (!(depth < deps.queueMaxDepth)) {
      return reply.code(503).send({
        status: 'overloaded',
        reason: `queue depth ${depth} at or above ${deps.queueMaxDepth}`,
        queueDepth: depth,
      });
    }
    return { status: 'ok', queueDepth: depth };
  });

  app.get('/metrics', async (_request, reply) => {
    const [depth, oldest] = await Promise.all([
      deps.storage.queueDepth().catch(() => 0),
      deps.storage.oldestQueuedAt().catch(() => null),
    ]);
    const lag = oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000);
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return deps.metrics.render({ queueDepth: depth, digestLagSeconds: lag });
  });
}
