import { ALL_CATEGORIES, parseRateLimits, parseRetryAfter } from '@faultline/protocol';
import type { SendResult } from './http-sender.js';

/** Which data categories the tracker has asked us not to send, and until when. */
export class RateLimits {
  readonly #until = new Map<string, number>();

  /** Epoch ms until which `category` must not be sent (0 when it may be sent now). */
  limitedUntil(category: string, now = Date.now()): number {
    const until = Math.max(this.#until.get(category) ?? 0, this.#until.get(ALL_CATEGORIES) ?? 0);
    return until > now ? until : 0;
  }

  /**
   * Learns from a response the way Sentry's SDKs do: X-Sentry-Rate-Limits on any status wins;
   * otherwise Retry-After on a 429 (60 s when absent) limits every category.
   */
  update(result: SendResult, now = Date.now()): void {
    if (result.rateLimits) {
      for (const [category, until] of parseRateLimits(result.rateLimits, now)) {
        this.#until.set(category, Math.max(this.#until.get(category) ?? 0, until));
      }
    } else if (result.status === 429) {
      const until = parseRetryAfter(result.retryAfter, now);
      this.#until.set(ALL_CATEGORIES, Math.max(this.#until.get(ALL_CATEGORIES) ?? 0, until));
    }
  }
}
