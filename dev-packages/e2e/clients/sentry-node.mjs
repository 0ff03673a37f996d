// A Node app reporting with the official @sentry/node SDK: errors A, B, A (the same A twice, from
// the same call site, so a tracker must group them together). Prints each event id, then flushes.
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.E2E_DSN, release: 'e2e@1.0.0', environment: 'e2e' });
// E2E_PADDING_BYTES makes every event that much larger: above 32 KiB the SDK gzips the body.
if (process.env.E2E_PADDING_BYTES)
  Sentry.setExtra('padding', 'x'.repeat(Number(process.env.E2E_PADDING_BYTES)));

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
