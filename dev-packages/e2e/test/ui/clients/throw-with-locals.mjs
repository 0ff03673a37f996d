// A Node app reporting with @sentry/node and local variables: one caught error from nested
// functions, the same call site every run (so runs group into one issue). Prints the event id.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.E2E_DSN,
  release: 'shop@1.4.2',
  environment: 'production',
  includeLocalVariables: true,
});
Sentry.setUser({ id: 'u-42', email: 'dev@example.test' });

// The local-variables integration attaches its debugger asynchronously.
await new Promise((r) => setTimeout(r, 1500));

function chargeCard(order, attempt) {
  const gateway = 'acme-pay';
  const amountCents = order.total * 100;
  throw new Error(
    `Card declined for order ${order.id} (gateway ${gateway}, ${amountCents} cents, attempt ${attempt})`,
  );
}

function checkout(cart) {
  const order = { id: 'ord-1042', total: cart.items.reduce((sum, item) => sum + item.price, 0) };
  return chargeCard(order, 1);
}

try {
  checkout({
    items: [
      { sku: 'A-1', price: 19.5 },
      { sku: 'B-2', price: 23 },
    ],
  });
} catch (err) {
  console.log(`event_id=${Sentry.captureException(err)}`);
}
if (!(await Sentry.close(10_000))) {
  console.error('flush did not complete');
  process.exit(1);
}
