// A closed-loop HTTP load generator, run in its own process so that its CPU shows apart from the
// server's. It keeps `concurrency` keep-alive connections busy for `seconds`, cycling through a
// pre-built pool of requests, and reports per-request latencies and the accepted event ids.
import autocannon from 'autocannon';
import { loadTemplates, makeRequest } from './corpus.js';

export interface LoadOptions {
  url: string;
  fixtures: string;
  projectId: number;
  publicKey: string;
  seconds: number;
  concurrency: number;
  poolSize: number;
  /** Called with [eventId, answeredAtMs] for one accepted event in SAMPLE_EVERY. */
  onSample?: (sample: [string, number]) => void;
}

export interface LoadResult {
  sent: number;
  ok: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
  /** Event ids answered 200, with the time of the answer (ms since the epoch), one in `sampleEvery`. */
  samples: Array<[string, number]>;
  /** CPU seconds the load generator itself used while loading (it shares the cores with the server). */
  cpuSeconds: number;
}

const SAMPLE_EVERY = 50;

/** Runs the load (autocannon: a fast client, so the ceiling measures servers, not the client). */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const templates = loadTemplates(o.fixtures);
  const pool = Array.from({ length: o.poolSize }, (_, i) =>
    makeRequest(templates[i % templates.length]!, o.projectId, o.publicKey),
  );
  const result: LoadResult = {
    sent: 0,
    ok: 0,
    statuses: {},
    elapsedMs: 0,
    latenciesMs: [],
    samples: [],
    cpuSeconds: 0,
  };
  const cpu0 = process.cpuUsage();
  let next = 0;
  const started = performance.now();
  let done!: (r: autocannon.Result) => void;
  const finished = new Promise<autocannon.Result>((r) => (done = r));
  const instance = autocannon(
    {
      url: o.url,
      connections: o.concurrency,
      duration: o.seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: autocannon.Request, ctx: object) => {
            const context = ctx as { eventId?: string };
            // Every request carries a distinct event id (a repeated one is only deduplicated by the
            // digest, which would understate its work): past the pre-built pool, build fresh ones.
            const r =
              next < pool.length
                ? pool[next]!
                : makeRequest(templates[next % templates.length]!, o.projectId, o.publicKey);
            next++;
            context.eventId = r.eventId;
            result.sent++;
            return { ...req, path: r.path, headers: { ...r.headers }, body: r.body } as autocannon.Request;
          },
          onResponse: (status: number, _body: string, ctx: object) => {
            const context = ctx as { eventId?: string };
            result.statuses[status] = (result.statuses[status] ?? 0) + 1;
            if (status !== 200) return;
            result.ok++;
            if (result.ok % SAMPLE_EVERY === 0) {
              const sample: [string, number] = [context.eventId as string, Date.now()];
              result.samples.push(sample);
              o.onSample?.(sample);
            }
          },
        },
      ],
    },
    (_err, r) => done(r),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    result.latenciesMs.push(responseTime);
  });
  const summary = await finished;
  result.elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  result.statuses.error = summary.errors + summary.timeouts;
  return result;
}

// Child-process entry: options arrive as JSON in argv, the result leaves through IPC.
if (process.argv[2] === '--child') {
  const opts = JSON.parse(process.argv[3]!) as LoadOptions;
  runLoad({ ...opts, onSample: (sample) => process.send?.({ sample }) }).then((r) => {
    process.send?.(r, () => process.exit(0));
  });
}
