// The digest alone, SQLite end to end (claim + build + storage.digest + commit), as process CPU
// per event: the stage benchmark (bench-digest.ts) leaves out everything storage does.
//   npx tsx --conditions=@faultline/source packages/server/src/digest/bench-digest-store.ts \
//     [events=20000] [rounds=5] [rootA rootB …]
// The first 2,000 events warm up untimed. Each root is a checkout holding packages/server/src (a `git archive` of the commit to compare
// with, node_modules linked in); rounds interleave the roots, each round in a fresh child process
// and a fresh database, so load from other processes on the machine hits every root alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { loadFixtureEvents } from '../../../protocol/src/test-fixtures.js';

const [, self, eventsArg, roundsArg, ...rootArgs] = process.argv;
const count = Number(eventsArg ?? 20_000);
const WARMUP = 2_000;

async function one(root: string): Promise<void> {
  const src = join(root, 'packages/server/src');
  const { openStorage } = await import(join(src, 'storage/index.ts'));
  const { createDigestWorker } = await import(join(src, 'digest/worker.ts'));
  const fixtures = loadFixtureEvents().filter((f) => f.client.startsWith('sentry-node'));
  const dir = mkdtempSync(join(tmpdir(), 'fl-bench-digest-'));
  try {
    const url = `sqlite:${dir}/bench.sqlite`;
    const setup = await openStorage(url, { migrate: true });
    const project = await setup.createProject({ name: 'bench' });
    const bodies = fixtures.map((f) => JSON.parse(Buffer.from(f.payload).toString('utf8')));
    const items = [];
    for (let i = 0; i < count; i++) {
      const f = fixtures[i % fixtures.length]!;
      const eventId = `${(i + 1).toString(16).padStart(8, '0')}${'a'.repeat(24)}`;
      const body = { ...bodies[i % bodies.length], event_id: eventId };
      items.push({
        projectId: project.id,
        eventId,
        receivedAt: f.receivedAt,
        payload: new TextEncoder().encode(JSON.stringify(body)),
        meta: { remoteAddr: '127.0.0.1', ...(f.userAgent ? { userAgent: f.userAgent } : {}) },
      });
    }
    for (let i = 0; i < items.length; i += 1000) await setup.enqueue(items.slice(i, i + 1000));
    await setup.close();
    // The digest thread's connection settings (digest/digest-thread.ts).
    const storage = await openStorage(url, { synchronous: 'NORMAL', busyTimeoutMs: 0, cacheMiB: 16 });
    const worker = createDigestWorker({ storage, logger: pino({ level: 'silent' }), batchSize: 250 });
    // The first batches compile and warm up; they are digested but not timed.
    let warm = 0;
    while (warm < WARMUP) warm += await worker.runOnce();
    const profile = process.env.BENCH_DIGEST_PROFILE ? await startProfile() : undefined;
    const t0 = process.cpuUsage();
    const w0 = performance.now();
    let done = 0;
    for (let k = await worker.runOnce(); k > 0; k = await worker.runOnce()) done += k;
    const cpu = process.cpuUsage(t0);
    const wall = performance.now() - w0;
    if (profile) writeFileSync(process.env.BENCH_DIGEST_PROFILE!, JSON.stringify(await profile()));
    await storage.close();
    if (warm + done !== count) throw new Error(`digested ${warm + done} of ${count}`);
    console.log(JSON.stringify({ cpuUs: (cpu.user + cpu.system) / done, wallUs: (wall * 1000) / done }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** BENCH_DIGEST_PROFILE=file.cpuprofile: a CPU profile of the digest loop alone (not the setup). */
async function startProfile(): Promise<() => Promise<object>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => (await session.post('Profiler.stop')).profile;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (process.env.BENCH_DIGEST_ROOT) {
  await one(process.env.BENCH_DIGEST_ROOT);
} else {
  const roots = rootArgs.length ? rootArgs.map((r) => resolve(r)) : [resolve(self!, '../../../../..')];
  const rounds = Number(roundsArg ?? 5);
  const cpu = new Map<string, number[]>(roots.map((r) => [r, []]));
  for (let round = 0; round < rounds; round++) {
    for (const root of round % 2 ? [...roots].reverse() : roots) {
      const out = execFileSync(process.execPath, [...process.execArgv, self!, String(count)], {
        env: { ...process.env, BENCH_DIGEST_ROOT: root },
        encoding: 'utf8',
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { cpuUs: number; wallUs: number };
      cpu.get(root)!.push(r.cpuUs);
      console.log(`round ${round} ${root}: ${r.cpuUs.toFixed(1)} µs CPU/event (wall ${r.wallUs.toFixed(1)})`);
    }
  }
  for (const [root, xs] of cpu)
    console.log(`${root}: median ${median(xs).toFixed(1)} µs CPU/event over ${xs.length} rounds`);
  // Rounds run back to back, so a difference within a round sees about the same machine load.
  const [first, ...rest] = roots;
  for (const root of rest) {
    const diffs = cpu.get(root)!.map((x, i) => x - cpu.get(first!)![i]!);
    console.log(`${root} − ${first}: median of per-round differences ${median(diffs).toFixed(1)} µs/event`);
  }
}
