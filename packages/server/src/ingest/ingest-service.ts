import {
  type AuthInfo,
  type Envelope,
  type EventHead,
  formatRateLimits,
  generateEventId,
  isProtocolError,
  itemCategory,
  normalizeEventId,
  parseAuth,
  parseEnvelope,
  scanEventHead,
} from '@faultline/protocol';
import type { Config } from '../config/index.js';
import type { Metrics } from '../ops/metrics.js';
import type { ProjectKey, QueueItem } from '../storage/types.js';
import type { Batcher } from './batcher.js';
import { decodeStore } from './decode-store.js';
import { badRequest, IngestError, tooLarge } from './ingest-errors.js';
import type { KeyCache } from './key-cache.js';
import type { QueueGauge } from './queue-gauge.js';
import type { KeyRateLimiter } from './rate-limiter.js';

export interface IngestRequest {
  kind: 'envelope' | 'store';
  /** The `:projectId` of the URL, as sent. */
  projectId: string;
  /** Raw query string without `?`. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  /** The Content-Type the client sent (ingest ignores it except for /store/ envelopes). */
  contentType: string | undefined;
  /** Body after Content-Encoding was undone. */
  body: Buffer;
  remoteAddr?: string;
}

export interface IngestAnswer {
  body: { id?: string };
  headers: Record<string, string>;
}

export interface IngestDeps {
  config: Config;
  keys: KeyCache;
  limiter: KeyRateLimiter;
  batcher: Batcher<QueueItem>;
  gauge: QueueGauge;
  metrics: Metrics;
}

// Categories we accept and discard: telling SDKs so (200 + X-Sentry-Rate-Limits, spec §1.5) spares
// their bandwidth and ours. Attachments and client reports ride along with events and stay allowed.
const DISCARDED = new Set([
  'transaction',
  'span',
  'profile',
  'replay',
  'session',
  'monitor',
  'log_item',
  'metric_bucket',
]);
const DISCARD_SECONDS = 3600;

/** Ingest without HTTP: authenticate, check limits, decode, and durably enqueue events. */
export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  // Not async: a request whose key is cached runs synchronously up to the batcher's promise, where
  // each await (handle, authenticate, the key lookup, accept) cost a promise and a microtask hop.
  handle(req: IngestRequest): Promise<IngestAnswer> {
    try {
      this.checkBackpressure();
      if (req.kind === 'store' && !/x-sentry-envelope/i.test(req.contentType ?? ''))
        return this.handleStore(req);
      const { config } = this.deps;
      const envelope = wrap(() =>
        parseEnvelope(req.body, { maxItems: config.maxEnvelopeItems, maxDepth: 16 }),
      );
      const key = this.authenticate(req, envelope.headers.dsn);
      return key instanceof Promise
        ? key.then((k) => this.handleEnvelope(req, envelope, k))
        : this.handleEnvelope(req, envelope, key);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private handleEnvelope(req: IngestRequest, envelope: Envelope, key: ProjectKey): Promise<IngestAnswer> {
    const headerId = normalizeEventId(envelope.headers.event_id);
    // Digest corrects client clock drift with it (the payload does not carry it).
    const sentAt =
      typeof envelope.headers.sent_at === 'string' && envelope.headers.sent_at.length <= 64
        ? envelope.headers.sent_at
        : undefined;
    const items: QueueItem[] = [];
    const discarded = new Set<string>();
    let answerId: string | undefined = headerId ?? undefined;
    for (const item of envelope.items) {
      const type = item.headers.type;
      if (type !== 'event') {
        const category = itemCategory(type);
        if (DISCARDED.has(category)) discarded.add(category);
        continue;
      }
      // The envelope header's event_id wins over the payload's (spec §3.2); only the first event
      // of an envelope can own it, later ones (not sent by any SDK) keep their own.
      const knownId = (items.length === 0 ? headerId : null) ?? normalizeEventId(item.headers.event_id);
      let eventId: string;
      if (knownId !== null) {
        // Every SDK names the event in a header, and parsing the payload only to find its id cost
        // ingest a third of its CPU: check the shape cheaply here, and let digest, which parses it
        // anyway, drop a payload that is not valid JSON or nests too deep (docs/performance.md).
        this.checkEventShape(item.payload);
        eventId = knownId;
      } else {
        eventId = normalizeEventId(this.scanEvent(item.payload).eventId) ?? generateEventId();
      }
      answerId ??= eventId;
      items.push(this.queueItem(key, eventId, item.payload, req, sentAt));
    }
    const headers: Record<string, string> = {};
    if (discarded.size > 0) {
      headers['x-sentry-rate-limits'] = formatRateLimits([
        {
          retryAfter: DISCARD_SECONDS,
          categories: [...discarded].sort(),
          scope: 'organization',
          reasonCode: 'unsupported',
        },
      ]);
    }
    const answer = { body: answerId === undefined ? {} : { id: answerId }, headers };
    return items.length > 0 ? this.accept(key, items).then(() => answer) : Promise.resolve(answer);
  }

  private handleStore(req: IngestRequest): Promise<IngestAnswer> {
    // /store/ carries no credentials in its body, so unknown clients are turned away before decoding.
    const key = this.authenticate(req, undefined);
    return key instanceof Promise ? key.then((k) => this.store(req, k)) : this.store(req, key);
  }

  private store(req: IngestRequest, key: ProjectKey): Promise<IngestAnswer> {
    const json = decodeStore(req.body, this.deps.config.maxDecompressedBodyBytes);
    return json instanceof Promise
      ? json.then((j) => this.storeJson(req, key, j))
      : this.storeJson(req, key, json);
  }

  private storeJson(req: IngestRequest, key: ProjectKey, json: Buffer): Promise<IngestAnswer> {
    const head = this.scanEvent(json);
    const eventId = normalizeEventId(head.eventId) ?? generateEventId();
    const answer = { body: { id: eventId }, headers: {} };
    // Old SDKs post transactions to /store/: accepted, not stored (we track errors).
    if (head.type === 'transaction') return Promise.resolve(answer);
    return this.accept(key, [this.queueItem(key, eventId, json, req)]).then(() => answer);
  }

  private checkEventSize(payload: Uint8Array): void {
    if (payload.length > this.deps.config.maxEventBytes) {
      throw tooLarge(`event of ${payload.length} bytes exceeds ${this.deps.config.maxEventBytes}`);
    }
    if (payload.length === 0) throw badRequest('empty event payload');
  }

  /** Size limits and the outer braces of a JSON object, without parsing it. */
  private checkEventShape(payload: Uint8Array): void {
    this.checkEventSize(payload);
    let first = 0;
    let last = payload.length - 1;
    while (first <= last && isJsonSpace(payload[first]!)) first++;
    while (last > first && isJsonSpace(payload[last]!)) last--;
    if (payload[first] !== 0x7b || payload[last] !== 0x7d || last === first) {
      throw badRequest('event is not a JSON object');
    }
  }

  /**
   * The event's top-level id and type, with its structure and depth checked, without parsing it:
   * digest parses every event anyway and drops one that is not valid JSON (docs/performance.md).
   */
  private scanEvent(payload: Uint8Array): EventHead {
    this.checkEventSize(payload);
    return wrap(() => scanEventHead(payload, this.deps.config.maxJsonDepth));
  }

  /** The request's key: at once when the key cache holds it, else once it was looked up. */
  private authenticate(req: IngestRequest, envelopeDsn: unknown): ProjectKey | Promise<ProjectKey> {
    const auth: AuthInfo | null = wrap(() =>
      parseAuth({ query: req.query, headers: req.headers, envelopeDsn }),
    );
    if (auth === null) {
      throw new IngestError(
        'FL_INGEST_AUTH_MISSING',
        401,
        'auth_missing',
        'missing authentication (sentry_key)',
      );
    }
    const hit = this.deps.keys.cached(auth.publicKey);
    if (hit !== undefined) return checkKey(hit.key, req.projectId);
    return this.deps.keys.get(auth.publicKey).then(
      (key) => checkKey(key, req.projectId),
      (cause) => {
        throw unavailable(cause);
      },
    );
  }

  private checkBackpressure(): void {
    const { config, gauge } = this.deps;
    if (gauge.depth() < config.queueMaxDepth) return;
    const seconds = config.backpressureRetryAfterSeconds;
    throw new IngestError(
      'FL_INGEST_BACKPRESSURE',
      429,
      'backpressure',
      'server is catching up, retry later',
      {
        'retry-after': String(seconds),
        'x-sentry-rate-limits': formatRateLimits([
          { retryAfter: seconds, categories: [], scope: 'organization', reasonCode: 'backpressure' },
        ]),
      },
    );
  }

  private accept(key: ProjectKey, items: QueueItem[]): Promise<void> {
    const perMinute = key.rateLimitPerMinute ?? this.deps.config.defaultKeyRateLimitPerMinute;
    const decision = this.deps.limiter.take(key.publicKey, perMinute);
    if (!decision.ok) {
      const seconds = decision.retryAfterSeconds;
      throw new IngestError('FL_INGEST_RATE_LIMITED', 429, 'rate_limited', 'key rate limit exceeded', {
        'retry-after': String(seconds),
        'x-sentry-rate-limits': formatRateLimits([
          { retryAfter: seconds, categories: [], scope: 'key', reasonCode: 'key_quota' },
        ]),
      });
    }
    return this.deps.batcher.add(items).then(
      () => {
        this.deps.gauge.added(items.length);
        this.deps.metrics.eventsAccepted += items.length;
      },
      (cause: unknown) => {
        throw unavailable(cause);
      },
    );
  }

  private queueItem(
    key: ProjectKey,
    eventId: string,
    payload: Uint8Array,
    req: IngestRequest,
    sentAt?: string,
  ): QueueItem {
    const meta: NonNullable<QueueItem['meta']> & { sentAt?: string } = {};
    if (sentAt !== undefined) meta.sentAt = sentAt;
    if (req.remoteAddr !== undefined) meta.remoteAddr = req.remoteAddr;
    const ua = req.headers['user-agent'];
    if (typeof ua === 'string') meta.userAgent = ua;
    // A view, not a copy: the body buffer lives until the commit anyway.
    const bytes = Buffer.isBuffer(payload)
      ? payload
      : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    return { projectId: key.projectId, eventId, receivedAt: Date.now(), payload: bytes, meta };
  }
}

function checkKey(key: ProjectKey | undefined, projectId: string): ProjectKey {
  if (key === undefined || key.revokedAt !== null || String(key.projectId) !== String(Number(projectId))) {
    throw new IngestError(
      'FL_INGEST_KEY_DENIED',
      403,
      'key_denied',
      'event submission rejected: unknown or revoked key, or key of another project',
    );
  }
  return key;
}

const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function unavailable(cause: unknown): IngestError {
  return new IngestError(
    'FL_INGEST_UNAVAILABLE',
    503,
    'unavailable',
    'storage unavailable, retry later',
    { 'retry-after': '5' },
    { cause },
  );
}

/** Runs protocol code, turning its typed errors into ingest answers with the status it suggests. */
function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    if (error.status === 401)
      throw new IngestError(
        'FL_INGEST_AUTH_MISSING',
        401,
        'auth_missing',
        error.message,
        {},
        { cause: error },
      );
    if (error.status === 413) throw tooLarge(error.message);
    throw badRequest(error.message, error);
  }
}
