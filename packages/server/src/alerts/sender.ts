// Works the outbox: claims due deliveries, gathers digest groups, applies the hourly cap (the
// overflow becomes one summary per destination once the hour is over), renders and delivers, and
// retries failures with exponential backoff until the maximum age, then marks them failed.
import type { AlertChannel, AlertFacts, Delivery } from '../storage/alerts-types.js';
import type { Storage } from '../storage/types.js';
import type { AlertSettings } from './alert-settings.js';
import { createDeliverer, type Deliverer } from './deliver.js';
import { type AlertMessage, type MessageItem, topInAppFrame } from './message.js';
import { sendTestNotification } from './send-test-notification.js';

export interface SenderLogger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface AlertSenderOptions {
  storage: Storage;
  settings: AlertSettings;
  logger: SenderLogger;
  /** Clock, replaceable in tests to step through retry delays and hours. */
  now?: () => number;
  deliverer?: Deliverer;
}

export interface AlertSender {
  start(): void;
  /** Stops the loop and waits for the round in flight. */
  stop(): Promise<void>;
  /** One round over the outbox; returns how many deliveries it settled or retried. */
  runOnce(): Promise<number>;
  /** Sends a test message over a channel at once (no outbox); throws what the channel threw. */
  sendTest(channel: AlertChannel, projectId: number): Promise<void>;
}

const HOUR = 3_600_000;
const CLAIM = 50;
/** Counters older than the longest window plus the longest baseline (two days) are pruned. */
const COUNTER_KEEP_MS = 2 * 24 * HOUR + HOUR;

/**
 * Creates the outbox sender.
 * @example const sender = createAlertSender({ storage, settings: loadAlertSettings(config.publicUrl), logger }); sender.start();
 */
export function createAlertSender(opts: AlertSenderOptions): AlertSender {
  const { storage, settings, logger } = opts;
  const store = storage.alerts;
  const clock = opts.now ?? Date.now;
  const deliverer = opts.deliverer ?? createDeliverer(storage, settings);
  const leaseMs = Math.max(60_000, settings.webhookTimeoutMs * 3);
  let lastPrune = 0;
  let running = false;
  let loop: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  async function itemOf(facts: AlertFacts): Promise<MessageItem> {
    if (facts.kind === 'overflow' || facts.issueId <= 0) return { facts };
    const [issue, event] = await Promise.all([
      storage.getIssue(facts.issueId),
      storage.getEvent(facts.projectId, facts.eventId).catch(() => undefined),
    ]);
    return {
      facts,
      issue,
      topFrame: topInAppFrame(event?.data),
      url: `${settings.publicUrl}/issues/${facts.issueId}`,
    };
  }

  async function messageOf(rows: Delivery[]): Promise<AlertMessage> {
    const first = rows[0]!.facts;
    const project = await storage.getProject(first.projectId);
    const projectName = project?.name ?? `project ${first.projectId}`;
    if (first.kind === 'overflow') {
      const items = (first.examples ?? []).map((title) => ({ facts: { ...first, title, culprit: '' } }));
      return { kind: 'overflow', projectName, items, suppressed: first.suppressed ?? 0 };
    }
    const items = await Promise.all(rows.map((r) => itemOf(r.facts)));
    return { kind: rows.length > 1 || rows[0]!.groupKey ? 'digest' : 'alert', projectName, items };
  }

  async function settle(rows: Delivery[], now: number): Promise<void> {
    const ids = rows.map((r) => r.id);
    const isSummary = rows[0]!.facts.kind === 'overflow';
    // Summaries are never held back: they are what keeps the cap from dropping alerts silently.
    if (!isSummary && (await store.countMessagesSince(Math.floor(now / HOUR) * HOUR)) >= settings.hourlyCap) {
      await store.markCapped(ids, now);
      return;
    }
    try {
      await deliverer.deliver(rows[0]!.channel, await messageOf(rows), rows[0]!.projectId);
      await store.markSent(ids, now);
    } catch (err) {
      const error = `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`;
      const oldest = Math.min(...rows.map((r) => r.createdAt));
      if (now - oldest >= settings.maxAgeMs) {
        await store.markFailed(ids, `gave up after ${settings.maxAgeMs / HOUR} h; last error ${error}`);
        logger.error({ ids, error }, 'alert delivery failed for good');
        return;
      }
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const delay = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** (attempts - 1));
      await store.markRetry(ids, error, now + delay);
      logger.warn({ ids, error, retryInMs: delay }, 'alert delivery failed; will retry');
    }
  }

  /** Capped rows of finished hours become one summary per project and destination. */
  async function summarizeOverflow(now: number): Promise<void> {
    const capped = await store.listCapped(Math.floor(now / HOUR) * HOUR, 10_000);
    const groups = new Map<string, Delivery[]>();
    for (const d of capped) {
      const key = `${d.projectId}\u0000${JSON.stringify(d.channel)}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    for (const rows of groups.values()) {
      const f = rows[0]!.facts;
      const facts: AlertFacts = {
        ...f,
        kind: 'overflow',
        ruleName: 'hourly limit',
        issueId: 0,
        eventId: '',
        title: `${rows.length} alerts held back`,
        culprit: '',
        suppressed: rows.length,
        examples: [...new Set(rows.map((r) => r.facts.title))].slice(0, 10),
      };
      await store.summarize(
        rows.map((r) => r.id),
        { channel: rows[0]!.channel, facts, at: now },
      );
    }
  }

  async function runOnce(): Promise<number> {
    const now = clock();
    if (now - lastPrune > HOUR) {
      lastPrune = now;
      await store.pruneCounters(now - COUNTER_KEEP_MS);
    }
    await summarizeOverflow(now);
    const due = await store.claimDue(now, CLAIM, leaseMs);
    const done = new Set<number>();
    for (const d of due) {
      if (done.has(d.id)) continue;
      const rows = d.groupKey ? await store.listGroup(d.groupKey) : [d];
      if (!rows.some((r) => r.id === d.id)) rows.push(d);
      for (const r of rows) done.add(r.id);
      await settle(rows, now);
    }
    return done.size;
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        await runOnce();
      } catch (err) {
        logger.error({ err }, 'alert sender round failed');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, settings.pollMs);
      });
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      wake?.();
      await loop;
      loop = undefined;
      deliverer.close();
    },
    runOnce,
    sendTest: (channel, projectId) => sendTestNotification(storage, deliverer, channel, projectId),
  };
}
