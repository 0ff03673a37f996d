import type { Sender, SendResult } from './http-sender.js';
import { Outcomes } from './outcomes.js';
import { RateLimits } from './rate-limits.js';
import { type EnvelopeStore, MemoryStore, type QueuedEnvelope } from './spool.js';

/** Transport policy knobs (every limit named, see docs/sdk.md). */
export interface TransportOptions {
  send: Sender;
  /** Envelopes waiting in memory to be sent; beyond it they spill to the spool or are dropped. */
  maxQueueSize?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Where envelopes wait while the tracker is unreachable; defaults to memory (maxQueueSize). */
  store?: EnvelopeStore;
  /** First retry delay; doubles per failure up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** Sends envelopes with every policy in one place: queueing, rate limits, retry, spooling. */
export interface Transport {
  send(envelope: QueuedEnvelope): void;
  /** Resolves true when nothing is left in memory to send, false when `timeoutMs` passed first. */
  flush(timeoutMs: number): Promise<boolean>;
  close(timeoutMs: number): Promise<boolean>;
  readonly outcomes: Outcomes;
  readonly rateLimits: RateLimits;
  /** Envelopes waiting (memory queue and store) and in flight. */
  readonly pending: number;
}

type Pending = QueuedEnvelope;
type HoldReason = 'queue_overflow' | 'network_error' | 'ratelimit_backoff';

/**
 * The one transport. Online, envelopes go through a bounded memory queue to `concurrency` requests.
 * A network error or 5xx takes the transport offline: the envelope and every later one go to the
 * store (disk spool if configured) and one probe retries the oldest with exponential backoff; when
 * a probe gets through, the store drains in order. A 429 or X-Sentry-Rate-Limits holds that
 * category's envelopes (in the store) until the limit expires instead of dropping them, because
 * Faultline answers 429 for back-pressure; other 4xx are dropped and counted.
 */
export function createTransport(options: TransportOptions): Transport {
  const maxQueue = options.maxQueueSize ?? 2000;
  const concurrency = options.concurrency ?? 8;
  const store = options.store ?? new MemoryStore(maxQueue);
  const initialBackoff = options.initialBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const log = options.log ?? (() => {});
  const outcomes = new Outcomes();
  const rateLimits = new RateLimits();
  const queue: Pending[] = [];
  let inFlight = 0;
  let offline = false;
  let backoff = initialBackoff;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const idleWaiters = new Set<() => void>();

  const hold = (item: QueuedEnvelope, reason: HoldReason): void => {
    if (!store.push({ body: item.body, category: item.category })) {
      outcomes.record(reason, item.category);
      log(`dropped an ${item.category} envelope: ${store.durable ? 'spool' : 'queue'} full`);
    }
  };

  const wake = (delay: number): void => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      pump();
    }, delay);
    timer.unref();
  };

  const notifyIdle = (): void => {
    if (queue.length === 0 && inFlight === 0) for (const w of idleWaiters) w();
  };

  const next = (): Pending | undefined => {
    // Held envelopes are older than queued ones, so they go first once sending is possible.
    if (!offline && store.size > 0) {
      const head = store.peek();
      if (head) {
        const until = rateLimits.limitedUntil(head.category);
        if (until === 0) {
          store.shift();
          return head;
        }
        wake(until - Date.now());
      }
    }
    return queue.shift();
  };

  const pump = (): void => {
    if (offline) {
      // One probe at a time while offline: the oldest held envelope, left at the head until it is
      // delivered so order survives repeated failures.
      if (inFlight > 0) return;
      const head = store.peek();
      if (head) {
        dispatch(head, true);
        return;
      }
      offline = false;
    }
    while (inFlight < concurrency) {
      const item = next();
      if (!item) break;
      const until = rateLimits.limitedUntil(item.category);
      if (until > 0) {
        hold(item, 'ratelimit_backoff');
        wake(until - Date.now());
        continue;
      }
      dispatch(item, false);
    }
    notifyIdle();
  };

  const dispatch = (item: Pending, probe: boolean): void => {
    inFlight++;
    options
      .send(item.body)
      .then(
        (result) => onResult(item, result, probe),
        (error: unknown) => onFailure(item, error, probe),
      )
      .finally(() => {
        inFlight--;
        // Offline, only the backoff timer sends the next probe.
        if (!offline) pump();
        notifyIdle();
      });
  };

  const onResult = (item: Pending, result: SendResult, probe: boolean): void => {
    rateLimits.update(result);
    if (result.status >= 500) {
      onFailure(item, new Error(`tracker answered ${result.status}`), probe);
      return;
    }
    if (probe) {
      store.shift();
      offline = false;
      backoff = initialBackoff;
    }
    if (result.status >= 200 && result.status < 300) return;
    if (result.status === 429) {
      hold(item, 'ratelimit_backoff');
      return;
    }
    outcomes.record('send_error', item.category);
    log(`tracker refused an envelope with ${result.status}; dropped`);
  };

  const onFailure = (item: Pending, error: unknown, probe = false): void => {
    log('sending failed; will retry', error);
    if (probe) {
      // Still at the head of the store.
    } else if (!offline) {
      offline = true;
      // Everything queued behind it would fail the same way: hold it, in order.
      const waiting = queue.splice(0);
      store.push({ body: item.body, category: item.category }) ||
        outcomes.record('network_error', item.category);
      for (const w of waiting) hold(w, 'network_error');
    } else {
      hold(item, 'network_error');
    }
    wake(backoff + Math.floor(Math.random() * backoff * 0.2));
    backoff = Math.min(backoff * 2, maxBackoff);
  };

  // Envelopes spooled by an earlier run go out as soon as this one starts.
  if (store.size > 0) wake(0);

  return {
    outcomes,
    rateLimits,
    get pending() {
      return queue.length + inFlight + store.size;
    },
    send(envelope) {
      if (closed) {
        outcomes.record('send_error', envelope.category);
        return;
      }
      if (offline || rateLimits.limitedUntil(envelope.category) > 0) {
        hold(envelope, offline ? 'network_error' : 'ratelimit_backoff');
        if (!offline) wake(rateLimits.limitedUntil(envelope.category) - Date.now());
        return;
      }
      if (queue.length >= maxQueue) {
        if (store.durable) hold(envelope, 'queue_overflow');
        else outcomes.record('queue_overflow', envelope.category);
        return;
      }
      queue.push(envelope);
      pump();
    },
    flush(timeoutMs) {
      // A disk spool is as good as delivered for a flush; a memory store is not.
      const done = () => queue.length === 0 && inFlight === 0 && (store.durable || store.size === 0);
      if (done()) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const t = setTimeout(() => {
          idleWaiters.delete(check);
          resolve(false);
        }, timeoutMs);
        const check = () => {
          if (!done()) return;
          clearTimeout(t);
          idleWaiters.delete(check);
          resolve(true);
        };
        idleWaiters.add(check);
      });
    },
    async close(timeoutMs) {
      const ok = await this.flush(timeoutMs);
      closed = true;
      clearTimeout(timer);
      return ok;
    },
  };
}
