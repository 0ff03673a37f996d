// Micro-benchmarks of the ingest-side protocol work, per call, on real captured events:
//   npx tsx --conditions=@faultline/source packages/protocol/bench/protocol-bench.ts
// Prints the median CPU µs per call for each case, next to JSON.parse of the same text as a baseline.
import { normalizeEvent, parseEnvelope, parseJson } from '../src/index.js';
import { loadFixtureEvents, loadFixtures } from '../src/test-fixtures.js';

interface Case {
  label: string;
  fn: () => unknown;
  /** Label of the case this one is compared with. */
  baseline?: string;
}

// Cases run interleaved, round after round, so a load spike from other processes on this shared
// machine hits every case alike; the figure is the median CPU time (user + system) per call over
// the rounds, which other processes inflate far less than wall time.
function run(cases: Case[], rounds = 7, sliceNs = 150_000_000n): void {
  const samples = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      let n = 0;
      const cpu0 = process.cpuUsage();
      const start = process.hrtime.bigint();
      let now = start;
      while (now - start < sliceNs) {
        for (let i = 0; i < 20; i++) c.fn();
        n += 20;
        now = process.hrtime.bigint();
      }
      const cpu = process.cpuUsage(cpu0);
      if (r > 0) samples.get(c.label)!.push((cpu.user + cpu.system) / n);
    }
  }
  const median = (label: string) => {
    const xs = [...samples.get(label)!].sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!;
  };
  for (const c of cases) {
    const us = median(c.label);
    const ratio = c.baseline ? `  (${(us / median(c.baseline)).toFixed(2)}× ${c.baseline})` : '';
    console.log(`${c.label.padEnd(44)} ${us.toFixed(2).padStart(8)} µs${ratio}`);
  }
}

const decoder = new TextDecoder();
const events = loadFixtureEvents();
const big = events.reduce((a, b) => (b.payload.length > a.payload.length ? b : a));
const bigText = decoder.decode(big.payload);
console.log(`largest captured event: ${big.name}, ${big.payload.length} bytes`);

// A ~50 KB event: the big one with 70 breadcrumbs and extra context, the limits.md "50k" shape.
const fifty = JSON.parse(bigText);
fifty.breadcrumbs = Array.from({ length: 70 }, (_, i) => ({
  timestamp: 1795586426 + i,
  category: 'http',
  message: `GET https://api.example.com/items/${i} -> 200 ${'x'.repeat(300)}`,
  data: { status: 200, i },
}));
const fiftyText = JSON.stringify(fifty);
console.log(`synthetic event: ${fiftyText.length} bytes`);

const envelope = loadFixtures().find((f) => f.name === 'sentry-node-localvars/09')!;
const envText = decoder.decode(envelope.body);
const nanText = fiftyText.replace('"status":200', '"status":NaN');
const raw = JSON.parse(bigText);

run([
  { label: 'JSON.parse 11 KB', fn: () => JSON.parse(bigText) },
  { label: 'parseJson 11 KB', fn: () => parseJson(bigText), baseline: 'JSON.parse 11 KB' },
  {
    label: 'parseJson 11 KB, no depth check',
    fn: () => parseJson(bigText, { maxDepth: Number.POSITIVE_INFINITY }),
    baseline: 'JSON.parse 11 KB',
  },
  { label: 'JSON.parse 40 KB', fn: () => JSON.parse(fiftyText) },
  { label: 'parseJson 40 KB', fn: () => parseJson(fiftyText), baseline: 'JSON.parse 40 KB' },
  {
    label: 'parseJson 40 KB with a NaN to repair',
    fn: () => parseJson(nanText),
    baseline: 'JSON.parse 40 KB',
  },
  {
    label: 'JSON.parse of each envelope line (node/09)',
    fn: () => {
      for (const line of envText.split('\n')) JSON.parse(line);
    },
  },
  {
    label: 'parseEnvelope (node/09)',
    fn: () => parseEnvelope(envelope.body),
    baseline: 'JSON.parse of each envelope line (node/09)',
  },
  {
    label: 'normalizeEvent 11 KB (parsed)',
    fn: () => normalizeEvent(raw, { receivedAt: big.receivedAt }),
    baseline: 'JSON.parse 11 KB',
  },
]);
