// `npm run bench`: every benchmark of the repository, from one command. Each prints its figures
// beside a baseline measured in the same run. Usage:
//   npm run bench                      # all suites
//   npm run bench -- ingest --seconds 10
//   npm run build && npm run bench -- ingest --seconds 10 --dist   # the built server
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fixturesDir } from './ingest/corpus.js';
import { benchCeiling, benchFaultline, type IngestFigures } from './ingest/run-ingest.js';
import { fmt, table, withRatio } from './lib/stats.js';

const repoRoot = resolve(new URL('.', import.meta.url).pathname, '../../..');
const args = process.argv.slice(2);
// `npm run bench -- ingest --seconds 10` goes through two npm runs: the inner one takes `--seconds`
// and `--no-postgres` as its own (unknown) config and passes them on as npm_config_* variables.
const flag = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return Number(args[i + 1]);
  const fromNpm = process.env[`npm_config_${name}`];
  return fromNpm !== undefined && fromNpm !== '' && fromNpm !== 'true' ? Number(fromNpm) : def;
};
// npm turns `--no-postgres` into npm_config_postgres set to an empty string (or "false").
const npmPostgres = process.env.npm_config_postgres;
const noPostgres = args.includes('--no-postgres') || npmPostgres === 'false' || npmPostgres === '';
const suites = args.filter(
  (a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--') && !/^\d+$/.test(a),
);
const wanted = (s: string) => suites.length === 0 || suites.includes(s);

async function ingest(): Promise<void> {
  const o = {
    repoRoot,
    fixtures: fixturesDir(repoRoot),
    seconds: flag('seconds', 10),
    concurrency: flag('concurrency', 50),
    dist: args.includes('--dist') || process.env.npm_config_dist === 'true',
  };
  console.log(`\n## Ingest: fixtures replayed for ${o.seconds} s at concurrency ${o.concurrency}\n`);
  console.log(
    `machine load average at start (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}\n`,
  );
  const rows: IngestFigures[] = [await benchCeiling(o), await benchFaultline(o, 'sqlite')];
  if (!noPostgres) rows.push(await benchFaultline(o, 'postgres'));
  const base = rows[0]!;
  console.log(
    table(
      [
        'server',
        'accepted/s',
        'digested/s',
        'accept p50 / p99 ms',
        'accept→queryable p50 / p99 ms',
        'peak RSS MB',
        'bytes/event',
        'server cores',
        'server CPU µs/event',
        'load generator cores',
        'backlog at end / catch-up s',
      ],
      rows.map((r) => [
        r.name,
        withRatio(r.acceptedPerSec, base.acceptedPerSec),
        withRatio(r.digestedPerSec, base.acceptedPerSec),
        `${fmt(r.acceptP50, 1)} / ${fmt(r.acceptP99, 1)}`,
        `${fmt(r.queryableP50, 0)} / ${fmt(r.queryableP99, 0)}`,
        fmt(r.peakRssMb, 0),
        fmt(r.bytesPerEvent, 0),
        fmt(r.serverCores, 2),
        fmt(r.serverCpuUsPerEvent, 0),
        fmt(r.loadCores, 2),
        `${fmt(r.backlogAtEnd, 0)} / ${fmt(r.catchUpSeconds, 1)}`,
      ]),
    ),
  );
  for (const r of rows) console.log(`${r.name}: answers ${JSON.stringify(r.statuses)}`);
  console.log(
    `machine load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
}

function workspaceBench(name: string, workspace: string): void {
  const pkg = join(repoRoot, workspace, 'package.json');
  if (!existsSync(pkg)) return;
  console.log(`\n## ${name}\n`);
  const r = spawnSync('npm', ['run', 'bench', '--silent', '-w', workspace], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exitCode = 1;
}

if (wanted('errors')) workspaceBench('@faultline/errors: handler resolution and adapters', 'packages/errors');
if (wanted('sdk')) workspaceBench('@faultline/sdk: capture cost, install size, overhead', 'packages/sdk');
if (wanted('ingest')) await ingest();
