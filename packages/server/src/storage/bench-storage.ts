// Storage micro-benchmark (not a test): enqueue rows/s in batches of 100 and digest rows/s in
// batches of 200 real ~9-11 KB @sentry/node events (from /work/shared/fixtures), on SQLite and,
// when a URL is given, PostgreSQL. Also times a raw better-sqlite3 enqueue next to the Kysely one,
// to see what the async query builder costs on the hot path.
//
//   npx tsx --conditions=@faultline/source packages/server/src/storage/bench-storage.ts [postgres://…]
//
// Without a URL argument, FAULTLINE_BENCH_PG_URL is used; without either only SQLite runs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { openStorage } from './open-storage.js';
import type { DigestEvent, QueueItem, Storage } from './types.js';

const FIXTURES = process.env.FAULTLINE_FIXTURES ?? '/work/shared/fixtures';
const ENQUEUE_BATCH = 100;
const DIGEST_BATCH = 200;
const ROUNDS = 3;
const BATCHES = 30;

function loadEvents(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const dir of ['sentry-node', 'sentry-node-localvars', 'sentry-node-tracing']) {
    let files: string[] = [];
    try {
      files = readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.decoded.json'));
    } catch {
      continue;
    }
    for (const f of files) {
      const d = JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as {
        envelope?: {
          items: Array<{
            header: { type?: string };
            payload_bytes?: number;
            payload: Record<string, unknown>;
          }>;
        };
      };
      for (const it of d.envelope?.items ?? []) {
        if (it.header.type === 'event' && (it.payload_bytes ?? 0) >= 8000) out.push(it.payload);
      }
    }
  }
  if (out.length === 0) throw new Error(`no fixture events of 8 KB or more under ${FIXTURES}`);
  return out;
}

const enc = new TextEncoder();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function makeBatch(
  templates: Array<Record<string, unknown>>,
  projectId: number,
  n: number,
  seq: { i: number },
) {
  const items: QueueItem[] = [];
  for (let j = 0; j < n; j++, seq.i++) {
    const t = templates[seq.i % templates.length]!;
    const eventId = randomBytes(16).toString('hex');
    items.push({
      projectId,
      eventId,
      receivedAt: Date.now(),
      payload: enc.encode(JSON.stringify({ ...t, event_id: eventId })),
    });
  }
  return items;
}

function toDigest(items: Array<QueueItem & { id: number }>, seq: { i: number }): DigestEvent[] {
  return items.map((it) => {
    const k = seq.i++;
    const group = k % 50;
    return {
      queueId: it.id,
      projectId: it.projectId,
      eventId: it.eventId,
      timestamp: it.receivedAt,
      receivedAt: it.receivedAt,
      level: 'error',
      title: `Error: fixture failure ${group}`,
      culprit: `app/route-${group}.js in handler`,
      groupingHash: group.toString(16).padStart(64, '0'),
      groupingVersion: 1,
      groupingKey: `exception:Error:${group}`,
      groupingComponents: { exception: { type: 'Error', frames: [`route-${group}`] } },
      userKey: `user-${k % 500}`,
      environment: k % 3 ? 'production' : 'staging',
      release: `1.0.${k % 4}`,
      tags: [
        ['runtime', 'node'],
        ['os', 'Linux'],
        ['server_name', `web-${k % 8}`],
        ['user', `user-${k % 500}`],
      ],
      data: it.payload,
    };
  });
}

async function benchStorage(label: string, storage: Storage, templates: Array<Record<string, unknown>>) {
  const projectId = (await storage.createProject({ name: `bench-${label}` })).id;
  const seq = { i: 0 };
  const enqueueRates: number[] = [];
  const digestRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const batches = Array.from({ length: BATCHES }, () =>
      makeBatch(templates, projectId, ENQUEUE_BATCH, seq),
    );
    let t = performance.now();
    for (const b of batches) await storage.enqueue(b);
    enqueueRates.push((BATCHES * ENQUEUE_BATCH) / ((performance.now() - t) / 1000));

    let digested = 0;
    let busy = 0;
    for (let k = 0; k < 100; k++) {
      const claimed = await storage.claimQueueItems(DIGEST_BATCH, 60_000);
      if (claimed.length === 0) break;
      const events = toDigest(claimed, seq);
      t = performance.now();
      await storage.digest(events);
      busy += performance.now() - t;
      digested += events.length;
    }
    digestRates.push(digested / (busy / 1000));
  }
  return { enqueue: median(enqueueRates), digest: median(digestRates) };
}

function rawSqliteEnqueue(path: string, templates: Array<Record<string, unknown>>): number {
  const db = new Sqlite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const ins = db.prepare(
    'insert into queue (project_id, event_id, received_at, payload, meta) values (?, ?, ?, ?, ?)',
  );
  const tx = db.transaction((items: QueueItem[]) => {
    for (const it of items) ins.run(it.projectId, it.eventId, it.receivedAt, it.payload, null);
  });
  const rates: number[] = [];
  const seq = { i: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const batches = Array.from({ length: BATCHES }, () => makeBatch(templates, 1, ENQUEUE_BATCH, seq));
    const t = performance.now();
    for (const b of batches) tx(b);
    rates.push((BATCHES * ENQUEUE_BATCH) / ((performance.now() - t) / 1000));
  }
  db.prepare('delete from queue').run();
  db.close();
  return median(rates);
}

async function main() {
  const templates = loadEvents();
  const avg = templates.reduce((n, t) => n + JSON.stringify(t).length, 0) / templates.length;
  console.log(`fixture events: ${templates.length}, average ${Math.round(avg)} bytes`);
  const rows: Array<[string, string]> = [];
  const dir = mkdtempSync(join(tmpdir(), 'fl-bench-storage-'));
  try {
    const path = join(dir, 'bench.db');
    const sqlite = await openStorage(`sqlite:${path}`, { migrate: true });
    const s = await benchStorage('sqlite', sqlite, templates);
    await sqlite.close();
    const stored = statSync(path).size;
    rows.push(['sqlite enqueue (Kysely), rows/s', s.enqueue.toFixed(0)]);
    rows.push(['sqlite enqueue (raw better-sqlite3), rows/s', rawSqliteEnqueue(path, templates).toFixed(0)]);
    rows.push(['sqlite digest, events/s', s.digest.toFixed(0)]);
    rows.push([
      'sqlite file bytes per digested event',
      (stored / (ROUNDS * BATCHES * ENQUEUE_BATCH)).toFixed(0),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.argv[2] ?? process.env.FAULTLINE_BENCH_PG_URL;
  if (pgUrl) {
    const pg = await openStorage(pgUrl, { migrate: true });
    const p = await benchStorage('postgres', pg, templates);
    await pg.close();
    rows.push(['postgres enqueue, rows/s', p.enqueue.toFixed(0)]);
    rows.push(['postgres digest, events/s', p.digest.toFixed(0)]);
  }
  for (const [k, v] of rows) console.log(`${k.padEnd(48)} ${v}`);
}

await main();
