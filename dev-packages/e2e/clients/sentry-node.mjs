// A Node app reporting with the official @sentry/node SDK: errors A, B, A (the same A twice, from
// the same call site, so a tracker must group them together). Prints each event id, then flushes.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.E2E_DSN, release: 'e2e@1.0.0', environment: 'e2e' });

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

for (const key of ['a', 'b', 'a']) {
  try {
    scenarios[key]();
  } catch (err) {
    console.log(`event_id=${Sentry.captureException(err)}`);
  }
}

if (!(await Sentry.close(10_000))) {
  console.error('flush did not complete');
  process.exit(1);
}
