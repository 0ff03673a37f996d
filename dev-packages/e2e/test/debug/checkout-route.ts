// Application code for the browser test of the debug page: a TypeScript call chain that fails.

/** A cart as the checkout route receives it. */
export interface Cart {
  items: Array<{ sku: string; qty: number; price: number }>;
  coupon: string;
}

/** Totals a cart; an unknown coupon fails with a cause, as real code often does. */
export function checkout(cart: Cart): number {
  const subtotal = cart.items.reduce((sum, item) => sum + item.qty * item.price, 0);
  const shipping = subtotal > 50 ? 0 : 4.9;
  try {
    return applyCoupon(subtotal + shipping, cart.coupon);
  } catch (cause) {
    throw new Error(`Checkout failed for ${cart.items.length} items`, { cause });
  }
}

function applyCoupon(total: number, coupon: string): number {
  const rates: Record<string, number> = { WELCOME10: 0.1, SPRING: 0.15 };
  const rate = rates[coupon];
  if (rate === undefined) throw new RangeError(`Unknown coupon "${coupon}"`);
  return Math.round(total * (1 - rate) * 100) / 100;
}
