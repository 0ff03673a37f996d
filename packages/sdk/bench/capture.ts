// One capture benchmark in its own process (so SDKs never share globals): prints CPU µs (and wall
// µs) per throw+captureException, with every event going to a transport that does nothing.
import { performance } from 'node:perf_hooks';

const [sdk = 'faultline', locals = 'off', count = '3000'] = process.argv.slice(2);
const withLocals = locals === 'on';
const N = Number(count);
const WARMUP = Math.min(500, N);
let withVars = 0;

function level3(amount: number, code: string): never {
  const ratio = amount / 3;
  throw new Error(`payment failed for ${code} (${ratio})`);
}
function level2(cart: { total: number; items: string[] }) {
  const discount = 'SUMMER';
  level3(cart.total, discount);
}
function level1(user: string) {
  const cart = { total: 42.5, items: ['a', 'b'] };
  level2(cart);
  return user;
}
function thrown(): unknown {
  try {
    level1('user-1');
  } catch (e) {
    return e;
  }
  return undefined;
}

async function faultline() {
  const { createReporter } = await import('@faultline/sdk');
  const reporter = createReporter({
    dsn: 'http://k@127.0.0.1:9/1',
    send: async () => ({ status: 200, retryAfter: null, rateLimits: null }),
    // Rate limit lifted so that every event pays for its variables (what is being measured).
    includeLocalVariables: withLocals ? { maxPausesPerSecond: 1e9 } : false,
    beforeSend: (event) => {
      if (event.exception?.values.at(-1)?.stacktrace?.frames.at(-1)?.vars) withVars++;
      return event;
    },
    captureProcessErrors: false,
    breadcrumbs: { console: false, http: false },
  });
  const once = () => reporter.captureException(thrown());
  const flush = () => reporter.flush(10_000);
  return { once, flush };
}

async function sentry() {
  const Sentry = await import('@sentry/node');
  const { createTransport } = await import('@sentry/core');
  Sentry.init({
    dsn: 'http://k@127.0.0.1:9/1',
    includeLocalVariables: withLocals,
    integrations: withLocals ? [Sentry.localVariablesIntegration({ maxExceptionsPerSecond: 1e9 })] : [],
    beforeSend: (event) => {
      if (event.exception?.values?.at(-1)?.stacktrace?.frames?.at(-1)?.vars) withVars++;
      return event;
    },
    transport: (options) => createTransport(options, async () => ({ statusCode: 200 })),
  });
  // The local-variables worker starts asynchronously.
  if (withLocals) await new Promise((r) => setTimeout(r, 1500));
  return { once: () => Sentry.captureException(thrown()), flush: () => Sentry.flush(10_000) };
}

const s = sdk === 'sentry' ? await sentry() : await faultline();
for (let i = 0; i < WARMUP; i++) s.once();
await s.flush();
withVars = 0;
// CPU time of this process rather than wall time: on a shared machine it is what the SDK costs.
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  s.once();
  // Bounded batches, so neither SDK's queue limit decides the result.
  if (i % 50 === 49) await s.flush();
}
await s.flush();
const wallPerEvent = ((performance.now() - t0) * 1000) / N;
const cpu = process.cpuUsage(cpu0);
const perEvent = (cpu.user + cpu.system) / N;
const varsShare = withVars / N;
process.stdout.write(
  `${JSON.stringify({ sdk, locals: withLocals, usPerEvent: Math.round(perEvent), wallUsPerEvent: Math.round(wallPerEvent), varsShare })}\n`,
);
process.exit(0);
