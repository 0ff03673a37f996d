// Micro-benchmark of digest's CPU work per event (parse + normalize + group + tags + serialize),
// next to JSON.parse and brotli quality 1 of the same bytes as baselines:
//   npx tsx --conditions=@faultline/source packages/server/src/digest/bench-digest.ts [fixturesDir]
// Uses the uncompressed @sentry/node captures; cases run interleaved so load spikes hit all alike,
// and the figure is CPU time (user + system) per event, not wall time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import type { ClaimedQueueItem } from '../storage/types.js';
import { buildDigestEvent } from './digest-event.js';

const dir = join(
  process.argv[2] ??
    process.env.FAULTLINE_FIXTURES ??
    new URL('../../../../../shared/fixtures', import.meta.url).pathname,
  'sentry-node-localvars',
);
const payloads: Uint8Array[] = [];
for (const file of readdirSync(dir).filter((f) => /^\d+\.json$/.test(f))) {
  const body: string = JSON.parse(readFileSync(join(dir, file), 'utf8')).body;
  const lines = body.split('\n');
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if (JSON.parse(lines[i]!).type === 'event') payloads.push(new TextEncoder().encode(lines[i + 1]));
  }
}
const items: ClaimedQueueItem[] = payloads.map((payload, i) => ({
  id: i,
  attempts: 1,
  projectId: 1,
  eventId: i.toString(16).padStart(32, '0'),
  receivedAt: Date.parse('2026-11-25T06:02:00Z'),
  payload,
}));
const texts = payloads.map((p) => new TextDecoder().decode(p));
const avgBytes = payloads.reduce((a, p) => a + p.length, 0) / payloads.length;
console.log(`${payloads.length} events, ${avgBytes.toFixed(0)} bytes on average`);

const brotliQ1 = (p: Uint8Array) =>
  brotliCompressSync(p, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: p.length },
  });
const cases: Array<[string, () => void]> = [
  [
    'JSON.parse',
    () => {
      for (const t of texts) JSON.parse(t);
    },
  ],
  [
    'buildDigestEvent',
    () => {
      for (const it of items) buildDigestEvent(it);
    },
  ],
  [
    'brotli q1 of the payload',
    () => {
      for (const p of payloads) brotliQ1(p);
    },
  ],
];
const samples = new Map<string, number[]>(cases.map(([l]) => [l, []]));
for (let round = 0; round < 7; round++) {
  for (const [label, fn] of cases) {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    let now = start;
    while (now - start < 150_000_000n) {
      fn();
      n += payloads.length;
      now = process.hrtime.bigint();
    }
    const cpu = process.cpuUsage(cpu0);
    if (round > 0) samples.get(label)!.push((cpu.user + cpu.system) / n);
  }
}
const median = (label: string) => {
  const xs = [...samples.get(label)!].sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
};
for (const [label] of cases) {
  const us = median(label);
  console.log(
    `${label.padEnd(28)} ${us.toFixed(1).padStart(7)} µs/event  (${(us / median('JSON.parse')).toFixed(2)}× JSON.parse)`,
  );
}
