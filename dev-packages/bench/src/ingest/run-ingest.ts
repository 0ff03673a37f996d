// The ingest benchmark: replays the fixtures' real events against the Faultline server for a fixed
// time and prints accepted and digested throughput, accept latency, accept-to-queryable latency,
// peak RSS and stored bytes per event, each beside a bare node:http ceiling run in the same process
// layout (server in one process, load generator in another, on the same 2 cores).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@faultline/test-utils';
import { cpuSeconds, firstMessage, forkTs, freePort, rss, runTs, sleep, stop } from '../lib/proc.js';
import { quantile } from '../lib/stats.js';
import type { LoadResult } from './load-generator.js';
import { openProbe, type Probe } from './probe.js';

export interface IngestFigures {
  name: string;
  acceptedPerSec: number;
  digestedPerSec: number;
  acceptP50: number;
  acceptP99: number;
  queryableP50: number;
  queryableP99: number;
  peakRssMb: number;
  bytesPerEvent: number;
  /** Server cores busy during the load window (all its threads). */
  serverCores: number;
  /** Server CPU per event, load window plus catch-up, over the events digested (accepted for the ceiling). */
  serverCpuUsPerEvent: number;
  /** Cores the load generator used: it runs on the same 2 cores and takes them from the server. */
  loadCores: number;
  /** Accepted events still queued when the load stopped (0: digest kept up). */
  backlogAtEnd: number;
  /** Seconds after the load until every accepted event was queryable. */
  catchUpSeconds: number;
  statuses: Record<string, number>;
}

export interface IngestBenchOptions {
  repoRoot: string;
  fixtures: string;
  seconds: number;
  concurrency: number;
  /**
   * Run the built server (packages/server/dist, `npm run build` first) instead of the sources under
   * tsx: that is how it is deployed, and tsx's loader adds ≈ 40 MB of memory per thread.
   */
  dist?: boolean;
  /** Extra environment for the server (e.g. rule counts for the alerts comparison). */
  serverEnv?: NodeJS.ProcessEnv;
}

const here = new URL('.', import.meta.url).pathname;
const LOAD = join(here, 'load-generator.ts');

async function runLoadChild(
  url: string,
  o: IngestBenchOptions,
  projectId: number,
  publicKey: string,
  onSample?: (s: [string, number]) => void,
): Promise<LoadResult> {
  const child = forkTs(LOAD, [
    '--child',
    JSON.stringify({
      url,
      fixtures: o.fixtures,
      projectId,
      publicKey,
      seconds: o.seconds,
      concurrency: o.concurrency,
      // Built before the load starts, so that producing bodies costs the client little during it.
      poolSize: Math.min(100_000, o.seconds * 5000),
    }),
  ]);
  return new Promise((resolve, reject) => {
    child.on('message', (m: LoadResult | { sample: [string, number] }) => {
      if ('sample' in m) onSample?.(m.sample);
      else resolve(m);
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
}

/** The bare node:http server: the most any server could accept here. */
export async function benchCeiling(o: IngestBenchOptions): Promise<IngestFigures> {
  const server = forkTs(join(here, 'ceiling-server.ts'));
  const { port } = await firstMessage<{ port: number }>(server);
  const cpu0 = cpuSeconds(server.pid!);
  const load = await runLoadChild(`http://127.0.0.1:${port}`, o, 1, 'publickey');
  const cpu = cpuSeconds(server.pid!) - cpu0;
  const cores = cpu / (load.elapsedMs / 1000);
  const peak = rss(server.pid!).peak;
  await stop(server);
  const perSec = (load.ok / load.elapsedMs) * 1000;
  return {
    name: 'ceiling: bare node:http',
    acceptedPerSec: perSec,
    digestedPerSec: Number.NaN,
    acceptP50: quantile(load.latenciesMs, 0.5),
    acceptP99: quantile(load.latenciesMs, 0.99),
    queryableP50: Number.NaN,
    queryableP99: Number.NaN,
    peakRssMb: peak / 2 ** 20,
    bytesPerEvent: Number.NaN,
    serverCores: cores,
    serverCpuUsPerEvent: (cpu / Math.max(load.ok, 1)) * 1e6,
    loadCores: load.cpuSeconds / (load.elapsedMs / 1000),
    backlogAtEnd: Number.NaN,
    catchUpSeconds: Number.NaN,
    statuses: load.statuses,
  };
}

/** Faultline on SQLite (no databaseUrl) or PostgreSQL. */
export async function benchFaultline(
  o: IngestBenchOptions,
  backend: 'sqlite' | 'postgres',
): Promise<IngestFigures> {
  const cli = join(
    o.repoRoot,
    o.dist ? 'packages/server/dist/cli/main.js' : 'packages/server/src/cli/main.ts',
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const pg = backend === 'postgres' ? await startPostgres() : undefined;
  // The server runs as `npm start` runs it (package.json; docs/server.md, "Memory").
  const env: NodeJS.ProcessEnv = {
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_LOG_LEVEL: 'warn',
    MALLOC_ARENA_MAX: '2',
    ...o.serverEnv,
  };
  if (pg) env.DATABASE_URL = pg.url;
  let probe: Probe | undefined;
  let server: ChildProcess | undefined;
  try {
    const dsn = (await runTs(cli, ['project', 'create', 'bench'], env)).match(
      /https?:\/\/(\w+)@[^\s/]+\/(\d+)/,
    );
    if (!dsn) throw new Error('project create printed no DSN');
    const [publicKey, projectId] = [dsn[1]!, Number(dsn[2])];
    const port = await freePort();
    server = forkTs(cli, ['serve', '--port', String(port)], env, ['--max-semi-space-size=4']);
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url);
    probe = await openProbe(pg ? pg.url : join(dataDir, 'faultline.db'), url);
    const pending = new Map<string, number>();
    const queryable: number[] = [];
    // One pass at a time, and awaited before the probe closes.
    let polling: Promise<void> | undefined;
    const pollOnce = async () => {
      for (const [id, ackAt] of pending) {
        if (await probe!.has(projectId, id)) {
          queryable.push(Date.now() - ackAt);
          pending.delete(id);
        }
      }
    };
    const poll = setInterval(() => {
      polling ??= pollOnce().finally(() => {
        polling = undefined;
      });
    }, 5);
    const cpu0 = cpuSeconds(server.pid!);
    const load = await runLoadChild(url, o, projectId, publicKey, ([id, at]) => pending.set(id, at));
    const loadEnd = Date.now();
    const loadCpu = cpuSeconds(server.pid!) - cpu0;
    // The queue's depth, not accepted minus stored: some accepted requests (transactions sent to
    // /store/) are never stored, and would count as backlog forever.
    const backlogAtEnd = await probe.queueDepth();
    // Digest may still be catching up: wait (bounded) until the queue is empty (some fixture events,
    // transactions sent to /store/, are accepted but never stored, so counting events cannot tell).
    // The digest window is the load window plus this catch-up, never the load generator's start-up.
    let lastChange = loadEnd;
    for (let depth = await probe.queueDepth(); depth > 0; depth = await probe.queueDepth()) {
      if (Date.now() - loadEnd > 60_000) break;
      await sleep(50);
      lastChange = Date.now();
    }
    const digested = await probe.count(projectId);
    const catchUpSeconds = (lastChange - loadEnd) / 1000;
    const totalCpu = cpuSeconds(server.pid!) - cpu0;
    clearInterval(poll);
    await polling;
    const bytes = await probe.bytesPerEvent(projectId);
    const peak = rss(server.pid!).peak;
    await stop(server);
    return {
      name: `Faultline${o.dist ? ' (dist)' : ''}, ${backend === 'sqlite' ? 'SQLite' : 'PostgreSQL 15'}`,
      acceptedPerSec: (load.ok / load.elapsedMs) * 1000,
      digestedPerSec: digested / (load.elapsedMs / 1000 + catchUpSeconds),
      acceptP50: quantile(load.latenciesMs, 0.5),
      acceptP99: quantile(load.latenciesMs, 0.99),
      queryableP50: quantile(queryable, 0.5),
      queryableP99: quantile(queryable, 0.99),
      peakRssMb: peak / 2 ** 20,
      bytesPerEvent: bytes,
      serverCores: loadCpu / (load.elapsedMs / 1000),
      serverCpuUsPerEvent: (totalCpu / Math.max(digested, 1)) * 1e6,
      loadCores: load.cpuSeconds / (load.elapsedMs / 1000),
      backlogAtEnd,
      catchUpSeconds,
      statuses: load.statuses,
    };
  } finally {
    // A run that failed half-way must not leave its server running into the next one.
    if (server) await stop(server);
    await probe?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not become healthy`);
}
