// Page benchmark: server time of the issue list and the issue page on a database of 10,000 issues
// and 1,000,000 events, against the same pages (same queries) on a database of one issue and one
// event. Server time is measured with Fastify's inject() in process, so no socket or browser time.
//
//   npx tsx --conditions=@faultline/source dev-packages/bench/src/pages/bench-pages.ts [--events N] [--issues N] [--runs N] [--keep DIR]
//
// --keep DIR seeds into DIR and leaves it there; a later run with the same DIR skips seeding.
//
// Target: p95 < 50 ms for both pages on the big database.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { openStorage } from '../../../../packages/server/src/storage/index.js';
import { webPlugin } from '../../../../packages/server/src/web/index.js';
import { Client, createUser } from '../../../../packages/server/src/web/test-web.js';
import { seed } from './seed.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const EVENTS = flag('events', 1_000_000);
const ISSUES = flag('issues', 10_000);
const RUNS = flag('runs', 200);

interface Figures {
  p50: number;
  p95: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(c: Client, url: string): Promise<Figures> {
  for (let i = 0; i < 20; i++) await c.get(url);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await c.get(url);
    samples.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** The pages measured; `busiest` is the issue with the most events. */
function pages(projectId: number, busiest: number, quiet: number): Array<[string, string]> {
  return [
    ['issue list (last seen)', `/issues?project=${projectId}`],
    ['issue list (events, 14d chart)', `/issues?project=${projectId}&sort=events&period=14d`],
    [
      'issue list (search text + tag)',
      `/issues?project=${projectId}&query=${encodeURIComponent('payment server_name:web-1')}`,
    ],
    ['issue page (busiest issue)', `/issues/${busiest}`],
    ['issue page (long-tail issue)', `/issues/${quiet}`],
  ];
}

async function measure(dir: string, projectId: number, label: string): Promise<Map<string, Figures>> {
  // A fresh connection over the seeded file, as a restarted server would have.
  const live = await openStorage(`sqlite:${join(dir, 'bench.db')}`);
  const app = Fastify();
  await app.register(webPlugin, { storage: live, config: { dataDir: dir } });
  const c = new Client(app);
  const login = await c.login('bench@example.test', 'bench-password');
  if (login.statusCode !== 303) throw new Error('bench login failed');
  const busiest = (await live.listIssues({ projectIds: [projectId], sort: 'events', limit: 1 })).items[0]!;
  const quiet = (await live.listIssues({ projectIds: [projectId], sort: 'firstSeen', limit: 1 })).items[0]!;
  const out = new Map<string, Figures>();
  for (const [name, url] of pages(projectId, busiest.id, quiet.id)) {
    out.set(name, await time(c, url));
    console.log(`  ${label}: ${name}: p95 ${out.get(name)!.p95.toFixed(1)} ms`);
  }
  await app.close();
  await live.close();
  return out;
}

/** Seeds a database; with `keepDir` holding one seeded before, reuses it (seeding 1M events is slow). */
async function prepare(issues: number, events: number, keepDir?: string) {
  if (keepDir && existsSync(join(keepDir, 'bench.db'))) {
    const storage = await openStorage(`sqlite:${join(keepDir, 'bench.db')}`);
    const [project] = await storage.listProjects();
    await storage.close();
    return { dir: keepDir, projectId: project!.id, seeded: undefined };
  }
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'fl-bench-pages-'));
  mkdirSync(dir, { recursive: true });
  const storage = await openStorage(`sqlite:${join(dir, 'bench.db')}`, { migrate: true });
  await createUser(storage, 'bench@example.test', 'bench-password', true);
  const project = await storage.createProject({ name: 'bench' });
  const seeded = await seed(storage, project.id, { issues, events, log: (s) => console.log(s) });
  await storage.close();
  return { dir, projectId: project.id, seeded };
}

console.log(
  `# Page benchmark: ${ISSUES} issues / ${EVENTS} events vs 1 issue / 1 event, ${RUNS} requests per page\n`,
);
const empty = await prepare(1, 1);
const keepAt = args.indexOf('--keep');
const KEEP = keepAt >= 0 ? args[keepAt + 1] : undefined;
const big = await prepare(ISSUES, EVENTS, KEEP);
if (big.seeded) {
  const { events, issues, ms } = big.seeded;
  console.log(
    `seeded ${events} events into ${issues} issues in ${(ms / 1000).toFixed(1)} s (${Math.round(events / (ms / 1000))} events/s)`,
  );
} else {
  console.log(`reusing the database seeded before in ${big.dir}`);
}
const base = await measure(empty.dir, empty.projectId, 'empty');
const full = await measure(big.dir, big.projectId, 'big');
console.log('\n| page | empty p50 / p95 ms | big p50 / p95 ms | ratio p95 | target p95 < 50 ms |');
console.log('|---|---|---|---|---|');
for (const [name, b] of base) {
  const f = full.get(name)!;
  console.log(
    `| ${name} | ${b.p50.toFixed(1)} / ${b.p95.toFixed(1)} | ${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} | ${(f.p95 / b.p95).toFixed(2)} | ${f.p95 < 50 ? 'met' : 'missed'} |`,
  );
}
for (const d of KEEP ? [empty.dir] : [empty.dir, big.dir]) rmSync(d, { recursive: true, force: true });
