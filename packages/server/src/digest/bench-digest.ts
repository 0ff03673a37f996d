// Micro-benchmark of digest's CPU work per event (parse + normalize + group + tags + serialize),
// stage by stage, next to JSON.parse and brotli of the stored bytes as baselines:
//   npx tsx --conditions=@faultline/source packages/server/src/digest/bench-digest.ts [fixturesDir] [rounds]
// Uses the uncompressed @sentry/node captures; cases run interleaved in short slices so load
// spikes from other processes hit all alike, and the figure is the median over rounds of CPU time
// (user + system) per event, not wall time. The stages are measured apart, so they do not add up
// exactly to buildDigestEvent (which also pays for the garbage its stages leave behind).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { normalizeEvent, parseJson } from '@faultline/protocol';
import type { ClaimedQueueItem } from '../storage/types.js';
import { buildDigestEvent } from './digest-event.js';
import { computeGrouping } from './grouping/index.js';

const dir = join(
  process.argv[2] ??
    process.env.FAULTLINE_FIXTURES ??
    new URL('../../../../../shared/fixtures', import.meta.url).pathname,
  'sentry-node-localvars',
);
const rounds = Number(process.argv[3] ?? 21);
const payloads: Uint8Array[] = [];
for (const file of readdirSync(dir).filter((f) => /^\d+\.json$/.test(f))) {
  const body: string = JSON.parse(readFileSync(join(dir, file), 'utf8')).body;
  const lines = body.split('\n');
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if (JSON.parse(lines[i]!).type === 'event') payloads.push(new TextEncoder().encode(lines[i + 1]));
  }
}
const receivedAt = Date.parse('2026-11-25T06:02:00Z');
const items: ClaimedQueueItem[] = payloads.map((payload, i) => ({
  id: i,
  attempts: 1,
  projectId: 1,
  eventId: i.toString(16).padStart(32, '0'),
  receivedAt,
  payload,
}));
const texts = payloads.map((p) => new TextDecoder().decode(p));
// normalizeEvent copies what it keeps and never writes to its input, so parsed payloads can be reused.
const raws = texts.map((t) => JSON.parse(t) as unknown);
const events = raws.map((raw) => normalizeEvent(raw, { receivedAt }));
const stored = items.map((it) => buildDigestEvent(it)!.data);
const avgBytes = payloads.reduce((a, p) => a + p.length, 0) / payloads.length;
const avgStored = stored.reduce((a, p) => a + p.length, 0) / stored.length;
console.log(
  `${payloads.length} events, ${avgBytes.toFixed(0)} bytes on average (${avgStored.toFixed(0)} stored)`,
);

const encoder = new TextEncoder();
const brotli = (quality: number) => (p: Uint8Array) =>
  brotliCompressSync(p, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: p.length },
  });
const each =
  <T>(list: T[], fn: (x: T) => unknown) =>
  () => {
    for (const x of list) fn(x);
  };
const cases: Array<[string, () => void]> = [
  ['JSON.parse', each(texts, (t) => JSON.parse(t))],
  ['  parseJson (bytes, depth)', each(payloads, (p) => parseJson(p))],
  ['  normalizeEvent', each(raws, (raw) => normalizeEvent(raw, { receivedAt }))],
  ['  computeGrouping', each(events, computeGrouping)],
  ['  stringify + encode', each(events, (e) => encoder.encode(JSON.stringify(e)))],
  ['buildDigestEvent', each(items, (it) => buildDigestEvent(it))],
  ['brotli q1 of stored data', each(stored, brotli(1))],
  ['brotli q0 of stored data', each(stored, brotli(0))],
];
const samples = new Map<string, number[]>(cases.map(([l]) => [l, []]));
for (let round = 0; round <= rounds; round++) {
  for (const [label, fn] of cases) {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    while (process.hrtime.bigint() - start < 50_000_000n) {
      fn();
      n += payloads.length;
    }
    const cpu = process.cpuUsage(cpu0);
    // Round 0 warms up the JIT.
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
