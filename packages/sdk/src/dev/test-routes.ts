// Route code for the debug-page tests: a real TypeScript call chain with locals worth seeing.

/** An order as the test routes receive it. */
export interface Order {
  id: string;
  items: Array<{ sku: string; qty: number; price: number }>;
}

/** Prices an order and fails on purpose, with a cause, so the page has a chain to show. */
export function priceOrder(order: Order): number {
  const currency = 'EUR';
  const subtotal = order.items.reduce((sum, item) => sum + item.qty * item.price, 0);
  try {
    return applyDiscount(subtotal, `<script>alert("${order.id}")</script>`);
  } catch (cause) {
    throw new Error(`Could not price order ${order.id} in ${currency}`, { cause });
  }
}

function applyDiscount(amount: number, code: string): number {
  const discounts: Record<string, number> = { WELCOME: 0.1 };
  const rate = discounts[code];
  if (rate === undefined) throw new RangeError(`Unknown discount code ${code} for ${amount}`);
  return amount * (1 - rate);
}

/** The order every test route prices. */
export const SAMPLE_ORDER: Order = { id: 'A-17', items: [{ sku: 'mug', qty: 2, price: 12.5 }] };
