// A Node app reporting with the legacy `raven` npm client (store endpoint, base64(zlib) body,
// sentry_version=5): errors A, B, A. Each capture waits for the server's answer before the next.
import Raven from 'raven';

Raven.config(process.env.E2E_DSN, { release: 'e2e@1.0.0', environment: 'e2e', sendTimeout: 5 });

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

let failures = 0;
Raven.on('error', (err) => {
  failures += 1;
  console.error('raven send failed', err);
});

for (const key of ['a', 'b', 'a']) {
  // Every capture starts from the same resumed continuation, so the two A stacks are identical (the
  // first iteration would otherwise run inside module evaluation, with different outer frames).
  await new Promise((resolve) => setImmediate(resolve));
  try {
    scenarios[key]();
  } catch (err) {
    const id = await new Promise((resolve) =>
      Raven.captureException(err, (_sendErr, eventId) => resolve(eventId)),
    );
    console.log(`event_id=${id}`);
  }
}

process.exit(failures === 0 ? 0 : 1);
