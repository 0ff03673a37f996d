// Seeds a benchmark database through storage.digest in large batches: `issues` groups, `events`
// events spread over the last 14 days with a skewed (power-law) distribution over issues, as real
// trackers see (a few noisy issues, a long tail).

import { createHash, randomBytes } from 'node:crypto';
import type { DigestEvent, Storage } from '../../../../packages/server/src/storage/types.js';

const DAY = 86_400_000;

/** A realistic Node error event (~2 KB of JSON): stack with context lines and variables. */
function eventBody(group: number, eventId: string, env: string, release: string): Record<string, unknown> {
  return {
    event_id: eventId,
    platform: 'node',
    level: 'error',
    environment: env,
    release,
    exception: {
      values: [
        {
          type: 'Error',
          value: `Payment failed for order ${group}`,
          stacktrace: {
            frames: ['main', 'handle', 'checkout', 'charge'].map((fn, i) => ({
              filename: `/srv/app/src/module-${group % 97}.js`,
              function: `${fn}${group}`,
              lineno: 10 + i,
              colno: 5,
              in_app: i > 0,
              pre_context: ['const a = 1;', 'const b = 2;'],
              context_line: `  return ${fn}(order, attempt); // group ${group}`,
              post_context: ['}', ''],
              vars: { order: { id: `ord-${group}`, total: 42.5 }, attempt: i },
            })),
          },
        },
      ],
    },
    user: { id: `u-${group % 5000}` },
    contexts: { runtime: { name: 'node', version: 'v20.20.2' }, os: { name: 'Debian' } },
    tags: { browser: 'Chrome 120', server_name: `web-${group % 4}` },
  };
}

export interface SeedResult {
  issues: number;
  events: number;
  ms: number;
}

/** Inserts the events in batches; returns what it stored and how long it took. */
export async function seed(
  storage: Storage,
  projectId: number,
  opts: { issues: number; events: number; batch?: number; log?: (s: string) => void },
): Promise<SeedResult> {
  const batchSize = opts.batch ?? 2000;
  const now = Date.now();
  const encoder = new TextEncoder();
  const hashes = Array.from({ length: opts.issues }, (_, g) =>
    createHash('sha256').update(`group-${g}`).digest('hex'),
  );
  const start = performance.now();
  let queueId = 1;
  for (let done = 0; done < opts.events; ) {
    const n = Math.min(batchSize, opts.events - done);
    const batch: DigestEvent[] = [];
    for (let i = 0; i < n; i++) {
      const k = done + i;
      // Every issue gets one event first; after that, a power law picks the issue.
      const group = k < opts.issues ? k : Math.floor(opts.issues * Math.random() ** 3);
      const ts = now - Math.floor(Math.random() * 14 * DAY);
      const eventId = randomBytes(16).toString('hex');
      const env = k % 10 === 0 ? 'staging' : 'production';
      const release = `shop@1.${group % 7}.0`;
      batch.push({
        queueId: queueId++,
        projectId,
        eventId,
        timestamp: ts,
        receivedAt: ts,
        level: group % 11 === 0 ? 'warning' : 'error',
        title: `Error: Payment failed for order ${group}`,
        culprit: `charge${group}(/srv/app/src/module-${group % 97}.js)`,
        groupingHash: hashes[group]!,
        groupingVersion: 1,
        groupingKey: `exception: Error ∘ frame: charge${group}`,
        groupingComponents: { type: 'Error', frames: [`charge${group}`] },
        userKey: `id:u-${group % 5000}-${k % 13}`,
        environment: env,
        release,
        tags: [
          ['environment', env],
          ['release', release],
          ['level', 'error'],
          ['browser', 'Chrome 120'],
          ['server_name', `web-${group % 4}`],
        ],
        data: encoder.encode(JSON.stringify(eventBody(group, eventId, env, release))),
      });
    }
    await storage.digest(batch);
    done += n;
    if (opts.log && done % 100_000 < batchSize)
      opts.log(`  seeded ${done} events (${((performance.now() - start) / 1000).toFixed(0)} s)`);
  }
  return { issues: opts.issues, events: opts.events, ms: performance.now() - start };
}
