/** Why an envelope was not delivered (Sentry's client-report reasons). */
export type DiscardReason =
  | 'queue_overflow'
  | 'ratelimit_backoff'
  | 'network_error'
  | 'send_error'
  | 'sample_rate'
  | 'before_send'
  | 'event_processor';

/** Counts what was dropped, per reason and category, until it is reported. */
export class Outcomes {
  readonly #counts = new Map<string, number>();

  record(reason: DiscardReason, category: string, quantity = 1): void {
    const key = `${reason}\u0000${category}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + quantity);
  }

  /** The counts so far (without clearing). */
  snapshot(): { reason: DiscardReason; category: string; quantity: number }[] {
    return [...this.#counts].map(([key, quantity]) => {
      const [reason, category] = key.split('\u0000') as [DiscardReason, string];
      return { reason, category, quantity };
    });
  }

  /** The counts so far, cleared: the payload of a client_report item. */
  drain(): { reason: DiscardReason; category: string; quantity: number }[] {
    const out = this.snapshot();
    this.#counts.clear();
    return out;
  }

  get total(): number {
    let n = 0;
    for (const v of this.#counts.values()) n += v;
    return n;
  }
}
