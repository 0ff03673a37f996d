/// <reference types="node" />
/**
 * The @faultline/errors benchmark (not a test): `npm run bench -w @faultline/errors`.
 * (a) handler resolution vs a hand-written instanceof chain; (b) per adapter, requests/s of a route
 * throwing a handled 404 through Faultline vs the framework's own error handler. Prints markdown.
 * BENCH_SECONDS (default 3) sets each autocannon run's length; BENCH_ROUNDS (default 3) the rounds;
 * BENCH_ONLY (e.g. "node,hono") limits part (b) to some frameworks.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchResolution } from './resolution.js';
import { FRAMEWORKS, type Framework, type Variant } from './servers.js';

// BENCH_ONLY=node,hono measures a subset.
const ONLY = process.env.BENCH_ONLY?.split(',');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const SERVER = fileURLToPath(new URL('./servers.ts', import.meta.url));

// The server runs in its own process so autocannon's work does not share its event loop.
async function startServer(
  framework: Framework,
  variant: Variant,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(SERVER, [framework, variant], { execArgv: process.execArgv, stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${framework}/${variant} server exited with ${code}`)));
  });
  return { child, port };
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const cpu = (m as { cpu?: NodeJS.CpuUsage }).cpu;
      if (cpu === undefined) return;
      child.off('message', onMessage);
      resolve(cpu.user + cpu.system);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

interface Measurement {
  rps: number;
  /** Server CPU time per request, µs. */
  cpuUs: number;
}

async function measure(framework: Framework, variant: Variant): Promise<Measurement> {
  const { child, port } = await startServer(framework, variant);
  try {
    const url = `http://127.0.0.1:${port}/missing`;
    const check = await fetch(url);
    if (check.status !== 404 || (await check.text()) !== 'not here')
      throw new Error(`${framework}/${variant} answers wrong`);
    await autocannon({ url, connections: CONNECTIONS, duration: 1 }); // warm-up
    const before = await cpuOf(child);
    const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
    const cpu = (await cpuOf(child)) - before;
    if (result.errors > 0 || result['4xx'] !== result.requests.total)
      throw new Error(`${framework}/${variant}: non-404 answers`);
    return { rps: result.requests.average, cpuUs: cpu / result.requests.total };
  } finally {
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const resolution = benchResolution();
console.log('## @faultline/errors benchmark\n');
console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
console.log('### Handler resolution (error 5 classes deep, 3 nested blueprints, handler on the app)\n');
console.log('| dispatch | ns/op |\n|---|---:|');
console.log(`| Faultline findErrorHandler | ${fmt(resolution.faultlineNs, 1)} |`);
console.log(`| hand-written instanceof chain | ${fmt(resolution.byHandNs, 1)} |`);
console.log(`\nratio Faultline / by hand: **${fmt(resolution.ratio, 2)}×** (target ≤ 2×)\n`);

console.log(
  `### Handled 404 thrown by a route: requests/s (${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds each)\n`,
);
console.log(
  '| framework | own handler req/s | Faultline req/s | req/s ratio | own handler CPU µs/req | Faultline CPU µs/req | CPU capacity ratio |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const framework of FRAMEWORKS.filter((f) => ONLY === undefined || ONLY.includes(f))) {
  const runs: Record<Variant, Measurement[]> = { faultline: [], native: [] };
  const rpsRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which variant goes first, so neither always runs on a warmer (or busier) machine; the
    // two runs of a round are back to back, so their ratio is the least disturbed figure.
    const order: Variant[] = round % 2 === 0 ? ['native', 'faultline'] : ['faultline', 'native'];
    for (const variant of order) runs[variant].push(await measure(framework, variant));
    const f = runs.faultline[round]!;
    const n = runs.native[round]!;
    rpsRatios.push(f.rps / n.rps);
    cpuRatios.push(n.cpuUs / f.cpuUs);
  }
  const cells = [
    fmt(mean(runs.native.map((m) => m.rps))),
    fmt(mean(runs.faultline.map((m) => m.rps))),
    `${fmt(median(rpsRatios), 2)}×`,
    fmt(median(runs.native.map((m) => m.cpuUs)), 1),
    fmt(median(runs.faultline.map((m) => m.cpuUs)), 1),
    `${fmt(median(cpuRatios), 2)}×`,
  ];
  console.log(`| ${framework} | ${cells.join(' | ')} |`);
}
console.log(
  '\nRatios are Faultline / own handler, median of the rounds (CPU capacity: own CPU per request /',
);
console.log('Faultline CPU per request, i.e. the req/s ratio a saturated server would see). Target ≥ 0.9×.');
