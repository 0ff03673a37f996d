// Test helpers: a real SMTP server, a real HTTP receiver on 127.0.0.1, event payloads, and a
// pipeline (SQLite storage → digest worker → alert sender) with a clock the test moves.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tempDir } from '@faultline/test-utils';
import { pino } from 'pino';
import { createDigestWorker, type DigestWorker } from '../digest/worker.js';
import type { AlertRuleInput } from '../storage/alerts-types.js';
import { openStorage } from '../storage/open-storage.js';
import type { QueueItem, Storage } from '../storage/types.js';
import type { AlertSettings } from './alert-settings.js';
import { type AlertSender, createAlertSender } from './sender.js';

/** A free TCP port on 127.0.0.1 (listened on and released). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A real HTTP receiver on 127.0.0.1 answering `status`, keeping every JSON body it got. */
export async function startReceiver(
  status = 200,
): Promise<{ url: string; bodies: unknown[]; server: Server; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(parts).toString('utf8')));
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, bodies, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const BASE_TIME = Date.UTC(2026, 10, 25, 6, 0, 0);
let seq = 0;

export interface EventSpec {
  /** Events with the same key group into one issue. */
  key?: string;
  at?: number;
  level?: string;
  environment?: string;
  release?: string;
  tags?: Record<string, string>;
  user?: string;
}

/** A queue item holding an error event whose issue is decided by `key`. */
export function eventItem(projectId: number, spec: EventSpec = {}): QueueItem {
  const key = spec.key ?? 'a';
  const receivedAt = spec.at ?? BASE_TIME;
  const eventId = (++seq).toString(16).padStart(32, '0');
  const event = {
    event_id: eventId,
    timestamp: receivedAt / 1000,
    platform: 'node',
    level: spec.level ?? 'error',
    environment: spec.environment ?? 'production',
    release: spec.release ?? 'shop@1.0.0',
    tags: spec.tags ?? {},
    transaction: `GET /route/${key}`,
    ...(spec.user ? { user: { id: spec.user } } : {}),
    exception: {
      values: [
        {
          type: 'TypeError',
          value: `failure ${key}`,
          stacktrace: {
            frames: [
              { filename: 'node_modules/lib/index.js', function: 'dispatch', lineno: 3, in_app: false },
              { filename: `src/${key}.js`, function: `handle_${key}`, lineno: 42, in_app: true },
            ],
          },
        },
      ],
    },
  };
  return { projectId, eventId, receivedAt, payload: new TextEncoder().encode(JSON.stringify(event)) };
}

/** Rule input with defaults for tests. */
export function rule(projectId: number, over: Partial<AlertRuleInput>): AlertRuleInput {
  return {
    projectId,
    name: 'rule',
    trigger: 'new_issue',
    threshold: 100,
    windowMinutes: 60,
    factor: 5,
    baselineMinutes: 1440,
    filters: {},
    channels: [{ type: 'email' }],
    throttleMinutes: 60,
    digestMinutes: 0,
    enabled: true,
    ...over,
  };
}

export interface Pipeline {
  storage: Storage;
  projectId: number;
  worker: DigestWorker;
  sender: AlertSender;
  clock: { now: number };
  /** Enqueues the items and digests until the queue is empty. */
  ingest(items: QueueItem[]): Promise<void>;
  close(): Promise<void>;
}

const dir = tempDir('fl-alerts-');
let n = 0;

/** Removes the temp dir of every pipeline (call in afterAll). */
export const removeTempDirs = () => dir.remove();

/** SQLite storage in a temp dir with one project and one member, a digest worker and a sender. */
export async function pipeline(settings: Partial<AlertSettings> = {}, url?: string): Promise<Pipeline> {
  const storage = await openStorage(url ?? `sqlite:${dir.path}/alerts-${++n}.sqlite`, { migrate: true });
  const project = await storage.createProject({ name: 'Shop' });
  const user = await storage.createUser({ email: 'dev@example.com', passwordHash: 'x', isAdmin: false });
  await storage.addProjectMember(project.id, user.id);
  const logger = pino({ level: 'silent' });
  // Ahead of the wall clock, so deliveries queued by digest (stamped with Date.now()) are due.
  const clock = { now: Date.now() + 600_000 };
  const worker = createDigestWorker({ storage, logger, batchSize: 200 });
  const sender = createAlertSender({
    storage,
    logger,
    now: () => clock.now,
    settings: {
      smtpFrom: 'Faultline <alerts@example.com>',
      publicUrl: 'http://faultline.test',
      webhookAllowPrivate: true,
      webhookTimeoutMs: 2_000,
      webhookMaxResponseBytes: 4096,
      hourlyCap: 1000,
      retryBaseMs: 1_000,
      retryMaxMs: 60_000,
      maxAgeMs: 3_600_000,
      pollMs: 50,
      ...settings,
    },
  });
  return {
    storage,
    projectId: project.id,
    worker,
    sender,
    clock,
    async ingest(items) {
      for (let i = 0; i < items.length; i += 1000) await storage.enqueue(items.slice(i, i + 1000));
      for (let guard = 0; guard < 10_000 && (await worker.runOnce()) > 0; guard++);
    },
    async close() {
      await sender.stop();
      await storage.close();
    },
  };
}
