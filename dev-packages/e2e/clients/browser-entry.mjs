// A web page reporting with the official @sentry/browser SDK, bundled by esbuild at test time. The
// test calls window.e2e.run(): errors A, B, A (A twice from the same call site), then a flush.
import * as Sentry from '@sentry/browser';

Sentry.init({ dsn: window.E2E_DSN, release: 'e2e@1.0.0', environment: 'e2e' });

function chargeCard(orderId) {
  throw new Error(`Card declined for order ${orderId}`);
}

function loadProfile(profiles) {
  return profiles.current.name;
}

const scenarios = {
  a: () => chargeCard('ord-1'),
  b: () => loadProfile({}),
};

window.e2e = {
  async run() {
    const ids = [];
    for (const key of ['a', 'b', 'a']) {
      try {
        scenarios[key]();
      } catch (err) {
        ids.push(Sentry.captureException(err));
      }
    }
    const flushed = await Sentry.flush(10_000);
    return { ids, flushed };
  },
};
