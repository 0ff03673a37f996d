// Storage micro-benchmark (not a test): enqueue rows/s in batches of 100 and digest rows/s in
// batches of 200 real ~9-11 KB @sentry/node events (from ../shared/fixtures), on SQLite and,
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
import pg from 'pg';
import { openStorage } from './open-storage.js';
import type { DigestEvent, QueueItem, Storage } from './types.js';

const FIXTURES =
  process.env.FAULTLINE_FIXTURES ?? new URL('../../../../../shared/fixtures', import.meta.url).pathname;
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
/** This process's CPU time (user + system) since `from`, in µs. */
const cpuMicros = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return d.user + d.system;
};
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

/** Reads the total CPU time (µs) of a local PostgreSQL server's processes, from /proc. */
async function pgServerCpu(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async read(): Promise<number> {
      const res = await client.query<{ pid: number }>('select pid from pg_stat_activity');
      let ticks = 0;
      for (const { pid } of res.rows) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          ticks += Number(fields[11]) + Number(fields[12]);
        } catch {
          // The process ended between the query and the read.
        }
      }
      return ticks * 10_000; // USER_HZ is 100 on Linux
    },
    close: () => client.end(),
  };
}

type ServerCpu = { read(): Promise<number> } | undefined;

async function benchStorage(
  label: string,
  storage: Storage,
  templates: Array<Record<string, unknown>>,
  server?: ServerCpu,
) {
  const projectId = (await storage.createProject({ name: `bench-${label}` })).id;
  const seq = { i: 0 };
  const enqueueRates: number[] = [];
  const digestRates: number[] = [];
  const enqueueCpu: number[] = [];
  const digestCpu: number[] = [];
  const enqueueServer: number[] = [];
  const digestServer: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const batches = Array.from({ length: BATCHES }, () =>
      makeBatch(templates, projectId, ENQUEUE_BATCH, seq),
    );
    let t = performance.now();
    let cpu = process.cpuUsage();
    let s0 = (await server?.read()) ?? 0;
    for (const b of batches) await storage.enqueue(b);
    enqueueServer.push((((await server?.read()) ?? 0) - s0) / (BATCHES * ENQUEUE_BATCH));
    enqueueRates.push((BATCHES * ENQUEUE_BATCH) / ((performance.now() - t) / 1000));
    enqueueCpu.push(cpuMicros(cpu) / (BATCHES * ENQUEUE_BATCH));

    let digested = 0;
    let busy = 0;
    let busyCpu = 0;
    let busyServer = 0;
    for (let k = 0; k < 100; k++) {
      const claimed = await storage.claimQueueItems(DIGEST_BATCH, 60_000);
      if (claimed.length === 0) break;
      const events = toDigest(claimed, seq);
      t = performance.now();
      cpu = process.cpuUsage();
      s0 = (await server?.read()) ?? 0;
      await storage.digest(events);
      busyServer += ((await server?.read()) ?? 0) - s0;
      busy += performance.now() - t;
      busyCpu += cpuMicros(cpu);
      digested += events.length;
    }
    digestRates.push(digested / (busy / 1000));
    digestCpu.push(busyCpu / digested);
    digestServer.push(busyServer / digested);
  }
  return {
    enqueue: median(enqueueRates),
    digest: median(digestRates),
    enqueueCpu: median(enqueueCpu),
    digestCpu: median(digestCpu),
    enqueueServer: median(enqueueServer),
    digestServer: median(digestServer),
  };
}

function rawSqliteEnqueue(path: string, templates: Array<Record<string, unknown>>) {
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
  const cpus: number[] = [];
  const seq = { i: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const batches = Array.from({ length: BATCHES }, () => makeBatch(templates, 1, ENQUEUE_BATCH, seq));
    const t = performance.now();
    const cpu = process.cpuUsage();
    for (const b of batches) tx(b);
    rates.push((BATCHES * ENQUEUE_BATCH) / ((performance.now() - t) / 1000));
    cpus.push(cpuMicros(cpu) / (BATCHES * ENQUEUE_BATCH));
  }
  db.prepare('delete from queue').run();
  db.close();
  return { rate: median(rates), cpu: median(cpus) };
}

async function main() {
  const templates = loadEvents();
  const avg = templates.reduce((n, t) => n + JSON.stringify(t).length, 0) / templates.length;
  console.log(`fixture events: ${templates.length}, average ${Math.round(avg)} bytes`);
  const rows: Array<[string, string, string, string?]> = [];
  const fmt = (x: number) => x.toFixed(0);
  const dir = mkdtempSync(join(tmpdir(), 'fl-bench-storage-'));
  try {
    const path = join(dir, 'bench.db');
    const sqlite = await openStorage(`sqlite:${path}`, { migrate: true });
    const s = await benchStorage('sqlite', sqlite, templates);
    await sqlite.close();
    const stored = statSync(path).size;
    const raw = rawSqliteEnqueue(path, templates);
    rows.push(['sqlite enqueue (Kysely, one multi-row insert)', fmt(s.enqueue), fmt(s.enqueueCpu)]);
    rows.push(['sqlite enqueue (raw better-sqlite3, prepared)', fmt(raw.rate), fmt(raw.cpu)]);
    rows.push(['sqlite digest', fmt(s.digest), fmt(s.digestCpu)]);
    rows.push(['sqlite file bytes per digested event', fmt(stored / (ROUNDS * BATCHES * ENQUEUE_BATCH)), '']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.argv[2] ?? process.env.FAULTLINE_BENCH_PG_URL;
  if (pgUrl) {
    const storage = await openStorage(pgUrl, { migrate: true });
    const server = await pgServerCpu(pgUrl);
    const p = await benchStorage('postgres', storage, templates, server);
    await server.close();
    await storage.close();
    rows.push(['postgres enqueue', fmt(p.enqueue), fmt(p.enqueueCpu), fmt(p.enqueueServer)]);
    rows.push(['postgres digest', fmt(p.digest), fmt(p.digestCpu), fmt(p.digestServer)]);
  }
  console.log(
    `${'case'.padEnd(48)} ${'rows/s'.padStart(8)} ${'client CPU µs/row'.padStart(18)} ${'server CPU µs/row'.padStart(18)}`,
  );
  for (const [k, v, c, sv] of rows) {
    console.log(`${k.padEnd(48)} ${v.padStart(8)} ${c.padStart(18)} ${(sv ?? '').padStart(18)}`);
  }
}

await main();
