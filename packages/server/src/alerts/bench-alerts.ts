// Digest throughput with 20 active alert rules vs none (the goal: at least 0.95 of the no-rule rate):
//   npx tsx --conditions=@faultline/source packages/server/src/alerts/bench-alerts.ts [rounds] [zipf|uniform]
// Two real SQLite storages in a temp dir get the same stream of prebuilt batches (storage.digest,
// the transaction where alerts are decided; event building is left out as it does not depend on
// rules, so the ratio is the strict one). Rounds alternate which storage goes first, so load spikes
// and cache warmth hit both alike; the figures are medians of per-round rates, in events per
// CPU-second of this process (better-sqlite3 works synchronously, so that is the digest's own cost
// and other processes on a shared machine disturb it less than wall time) and per wall second.
// Streams: zipf (default; issues drawn with weight 1/rank over ISSUES, as real error traffic is
// dominated by a few issues) or uniform (every batch touches every issue: the worst case).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDigestEvent } from '../digest/digest-event.js';
import type { AlertRuleInput, AlertTrigger } from '../storage/alerts-types.js';
import { openStorage } from '../storage/open-storage.js';
import type { DigestEvent, Storage } from '../storage/types.js';
import { BASE_TIME, eventItem, rule } from './test-alerts.js';

const ROUNDS = Number(process.argv[2] ?? 7);
const STREAM = process.argv[3] === 'uniform' ? 'uniform' : 'zipf';
const BATCH = 200;
const BATCHES_PER_ROUND = 20;
const ISSUES = 100;

const dir = mkdtempSync(join(tmpdir(), 'fl-bench-alerts-'));
let clock = BASE_TIME;
// A fixed-seed generator, so both storages and every run see the same stream.
let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
const weights = Array.from({ length: ISSUES }, (_, k) => 1 / (k + 1));
const totalWeight = weights.reduce((a, b) => a + b, 0);
function zipf(): number {
  let x = random() * totalWeight;
  for (let k = 0; k < ISSUES; k++) {
    x -= weights[k]!;
    if (x <= 0) return k;
  }
  return ISSUES - 1;
}
let queueId = 0;

/** One round's batches: events of ISSUES issues, 3 environments, a few users, time moving on. */
function makeBatches(projectId: number): DigestEvent[][] {
  const batches: DigestEvent[][] = [];
  for (let b = 0; b < BATCHES_PER_ROUND; b++) {
    const batch: DigestEvent[] = [];
    for (let i = 0; i < BATCH; i++) {
      clock += 50; // 20 events a second of receive time
      const n = STREAM === 'uniform' ? (b * BATCH + i) % ISSUES : zipf();
      const item = eventItem(projectId, {
        key: `issue${n}`,
        at: clock,
        environment: ['production', 'staging', 'dev'][i % 3],
        level: i % 5 === 0 ? 'warning' : 'error',
        user: `u${i % 40}`,
        tags: { region: i % 2 ? 'eu' : 'us' },
      });
      batch.push(buildDigestEvent({ ...item, id: ++queueId, attempts: 1 })!);
    }
    batches.push(batch);
  }
  return batches;
}

function twentyRules(projectId: number): AlertRuleInput[] {
  const triggers: AlertTrigger[] = ['new_issue', 'regression', 'frequency', 'users', 'escalation'];
  return Array.from({ length: 20 }, (_, i) =>
    rule(projectId, {
      name: `rule ${i}`,
      trigger: triggers[i % 5]!,
      threshold: 500,
      windowMinutes: 10,
      baselineMinutes: 120,
      // Half the rules filter, half match everything (the costlier case for counters).
      filters: i % 2 ? { environment: 'production', minLevel: 'error', tags: [['region', 'eu']] } : {},
      channels: [{ type: 'email' }],
    }),
  );
}

async function open(name: string, rules: boolean): Promise<{ storage: Storage; projectId: number }> {
  const storage = await openStorage(`sqlite:${join(dir, `${name}.sqlite`)}`, { migrate: true });
  const projectId = (await storage.createProject({ name })).id;
  if (rules) for (const r of twentyRules(projectId)) await storage.alerts.createRule(r);
  return { storage, projectId };
}

async function timeRound(storage: Storage, batches: DigestEvent[][]): Promise<{ cpu: number; wall: number }> {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const batch of batches) await storage.digest(batch);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const n = batches.length * BATCH;
  return { cpu: n / ((cpu.user + cpu.system) / 1e6), wall: n / wall };
}

const none = await open('no-rules', false);
const twenty = await open('twenty-rules', true);
const rates = {
  none: [] as Array<{ cpu: number; wall: number }>,
  twenty: [] as Array<{ cpu: number; wall: number }>,
};
try {
  for (let round = 0; round <= ROUNDS; round++) {
    // Same stream for both: built once, with each storage's own project id.
    const saved = { clock, queueId, seed };
    const a = makeBatches(none.projectId);
    clock = saved.clock;
    queueId = saved.queueId;
    seed = saved.seed;
    const b = makeBatches(twenty.projectId);
    const order = round % 2 === 0 ? (['none', 'twenty'] as const) : (['twenty', 'none'] as const);
    for (const which of order) {
      const rate = await timeRound(
        which === 'none' ? none.storage : twenty.storage,
        which === 'none' ? a : b,
      );
      if (round > 0) rates[which].push(rate); // round 0 warms up
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const queued = (await twenty.storage.alerts.listDeliveries(twenty.projectId, 100_000)).length;
  const per = (b: DigestEvent[][]) => b.map((x) => new Set(x.map((e) => e.groupingHash)).size);
  const distinct = per(makeBatches(none.projectId));
  console.log(
    `${STREAM} stream, ${ROUNDS} rounds of ${BATCHES_PER_ROUND * BATCH} events (${BATCH}/batch, ${ISSUES} issues, ~${median(distinct)} distinct per batch); ${queued} alerts queued with 20 rules`,
  );
  for (const unit of ['cpu', 'wall'] as const) {
    const r0 = median(rates.none.map((r) => r[unit]));
    const r20 = median(rates.twenty.map((r) => r[unit]));
    const label = unit === 'cpu' ? 'events/CPU-s' : 'events/s (wall)';
    console.log(
      `${label.padEnd(16)} no rules ${r0.toFixed(0)}, 20 rules ${r20.toFixed(0)}, ratio ${(r20 / r0).toFixed(3)} (goal ≥ 0.95)`,
    );
  }
} finally {
  await none.storage.close();
  await twenty.storage.close();
  rmSync(dir, { recursive: true, force: true });
}
