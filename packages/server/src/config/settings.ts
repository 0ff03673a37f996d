// Every setting the server reads, with its default, its environment variable and one line of
// documentation. This table is the single source: the loader, `faultline config` and the settings
// table in docs/server.md (checked by a test) all come from it.

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  publicUrl: string;
  logLevel: string;
  trustProxy: string;
  maxCompressedBodyBytes: number;
  maxDecompressedBodyBytes: number;
  maxEventBytes: number;
  maxEnvelopeItems: number;
  maxJsonDepth: number;
  defaultKeyRateLimitPerMinute: number;
  keyCacheTtlMs: number;
  queueMaxDepth: number;
  backpressureRetryAfterSeconds: number;
  ingestBatchSize: number;
  ingestBatchMaxWaitMs: number;
  digestBatchSize: number;
  digestIdleMs: number;
  digestLeaseMs: number;
  digestConcurrency: number;
  retentionDays: number;
  retentionBatchSize: number;
  retentionIntervalMs: number;
  sessionSecret?: string;
  sessionTtlHours: number;
  smtpUrl: string;
  smtpFrom: string;
  webhookAllowPrivate: boolean;
  webhookTimeoutMs: number;
  webhookMaxResponseBytes: number;
  alertHourlyCap: number;
  alertRetryBaseMs: number;
  alertRetryMaxMs: number;
  alertMaxAgeHours: number;
  alertPollMs: number;
}

export type SettingName = keyof Config;

export interface SettingSpec {
  name: SettingName;
  /** `boolean` takes true/false, 1/0 or the strings `true`/`false`/`1`/`0`/`yes`/`no`. */
  kind: 'int' | 'string' | 'boolean';
  /** Default value; `undefined` means derived from other settings (see `doc`). */
  default: number | string | boolean | undefined;
  env: string;
  flag?: string;
  /** Redacted by `faultline config` (connection strings may carry a password). */
  secret?: boolean;
  doc: string;
}

const MiB = 1024 * 1024;

/** All settings, in the order they are documented. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    name: 'port',
    kind: 'int',
    default: 8000,
    env: 'FAULTLINE_PORT',
    flag: '--port',
    doc: 'TCP port to listen on (0 picks a free one).',
  },
  {
    name: 'host',
    kind: 'string',
    default: '127.0.0.1',
    env: 'FAULTLINE_HOST',
    flag: '--host',
    doc: 'Interface to listen on; `0.0.0.0` for every interface.',
  },
  {
    name: 'dataDir',
    kind: 'string',
    default: './data',
    env: 'FAULTLINE_DATA_DIR',
    flag: '--data-dir',
    doc: 'Directory for the SQLite database and the config file.',
  },
  {
    name: 'databaseUrl',
    kind: 'string',
    default: undefined,
    env: 'DATABASE_URL',
    flag: '--database-url',
    secret: true,
    doc: 'SQLite file (`sqlite:PATH`) or `postgres://…`; default `sqlite:<dataDir>/faultline.db`.',
  },
  {
    name: 'publicUrl',
    kind: 'string',
    default: undefined,
    env: 'FAULTLINE_PUBLIC_URL',
    flag: '--public-url',
    doc: 'Base URL SDKs reach the server at, used in DSNs; default `http://<host>:<port>`.',
  },
  {
    name: 'logLevel',
    kind: 'string',
    default: 'info',
    env: 'FAULTLINE_LOG_LEVEL',
    flag: '--log-level',
    doc: 'pino log level (`fatal` … `trace`, or `silent`).',
  },
  {
    name: 'trustProxy',
    kind: 'string',
    default: '',
    env: 'FAULTLINE_TRUST_PROXY',
    doc: 'Behind a reverse proxy: `true`, a hop count, or proxy addresses/CIDRs (comma-separated) whose `X-Forwarded-For` gives the client IP; empty: trust none.',
  },
  {
    name: 'maxCompressedBodyBytes',
    kind: 'int',
    default: 20 * MiB,
    env: 'FAULTLINE_MAX_COMPRESSED_BODY_BYTES',
    doc: 'Largest request body read from the socket, before decoding (413 above).',
  },
  {
    name: 'maxDecompressedBodyBytes',
    kind: 'int',
    default: 40 * MiB,
    env: 'FAULTLINE_MAX_DECOMPRESSED_BODY_BYTES',
    doc: 'Largest body after Content-Encoding / base64 decoding; decompression stops there (413).',
  },
  {
    name: 'maxEventBytes',
    kind: 'int',
    default: 1 * MiB,
    env: 'FAULTLINE_MAX_EVENT_BYTES',
    doc: 'Largest single event (an envelope `event` item or a /store/ body) (413 above).',
  },
  {
    name: 'maxEnvelopeItems',
    kind: 'int',
    default: 1000,
    env: 'FAULTLINE_MAX_ENVELOPE_ITEMS',
    doc: 'Most items one envelope may hold (413 above).',
  },
  {
    name: 'maxJsonDepth',
    kind: 'int',
    default: 64,
    env: 'FAULTLINE_MAX_JSON_DEPTH',
    doc: 'Deepest JSON nesting accepted in an event (400 above).',
  },
  {
    name: 'defaultKeyRateLimitPerMinute',
    kind: 'int',
    default: 0,
    env: 'FAULTLINE_DEFAULT_KEY_RATE_LIMIT_PER_MINUTE',
    doc: 'Events per minute for DSN keys without their own limit; 0 means no limit.',
  },
  {
    name: 'keyCacheTtlMs',
    kind: 'int',
    default: 10_000,
    env: 'FAULTLINE_KEY_CACHE_TTL_MS',
    doc: 'How long ingest trusts a cached DSN key lookup (revocations through this server apply at once).',
  },
  {
    name: 'queueMaxDepth',
    kind: 'int',
    default: 100_000,
    env: 'FAULTLINE_QUEUE_MAX_DEPTH',
    doc: 'Queue depth above which ingest answers 429 (back-pressure) and /healthz 503.',
  },
  {
    name: 'backpressureRetryAfterSeconds',
    kind: 'int',
    default: 10,
    env: 'FAULTLINE_BACKPRESSURE_RETRY_AFTER_SECONDS',
    doc: 'Retry-After sent with a back-pressure 429.',
  },
  {
    name: 'ingestBatchSize',
    kind: 'int',
    default: 100,
    env: 'FAULTLINE_INGEST_BATCH_SIZE',
    doc: 'Most events written in one queue commit (group commit).',
  },
  {
    name: 'ingestBatchMaxWaitMs',
    kind: 'int',
    default: 2,
    env: 'FAULTLINE_INGEST_BATCH_MAX_WAIT_MS',
    doc: 'Longest an accepted event waits for others to share its commit.',
  },
  {
    name: 'digestBatchSize',
    kind: 'int',
    default: 500,
    env: 'FAULTLINE_DIGEST_BATCH_SIZE',
    doc: 'Queue items digested per write transaction.',
  },
  {
    name: 'digestIdleMs',
    kind: 'int',
    default: 200,
    env: 'FAULTLINE_DIGEST_IDLE_MS',
    doc: 'Pause of the digest worker when the queue is empty.',
  },
  {
    name: 'digestLeaseMs',
    kind: 'int',
    default: 60_000,
    env: 'FAULTLINE_DIGEST_LEASE_MS',
    doc: "Lease on claimed queue items; a crashed digest's items are retried after it.",
  },
  {
    name: 'digestConcurrency',
    kind: 'int',
    default: 2,
    env: 'FAULTLINE_DIGEST_CONCURRENCY',
    doc: 'PostgreSQL: digest batches in flight at once per process (one builds while another waits on the database). SQLite always digests one at a time.',
  },
  {
    name: 'retentionDays',
    kind: 'int',
    default: 90,
    env: 'FAULTLINE_RETENTION_DAYS',
    doc: 'Events older than this are deleted; 0 keeps everything.',
  },
  {
    name: 'retentionBatchSize',
    kind: 'int',
    default: 1000,
    env: 'FAULTLINE_RETENTION_BATCH_SIZE',
    doc: 'Events deleted per retention transaction (keeps write locks short).',
  },
  {
    name: 'retentionIntervalMs',
    kind: 'int',
    default: 3_600_000,
    env: 'FAULTLINE_RETENTION_INTERVAL_MS',
    doc: 'How often the retention job runs.',
  },
  {
    name: 'sessionSecret',
    kind: 'string',
    default: undefined,
    env: 'FAULTLINE_SESSION_SECRET',
    secret: true,
    doc: 'Signs web UI session cookies; default: generated once into `<dataDir>/session-secret`.',
  },
  {
    name: 'sessionTtlHours',
    kind: 'int',
    default: 336,
    env: 'FAULTLINE_SESSION_TTL_HOURS',
    doc: 'Lifetime of a web UI session.',
  },
  {
    name: 'smtpUrl',
    kind: 'string',
    default: '',
    env: 'FAULTLINE_SMTP_URL',
    secret: true,
    doc: 'SMTP server for alert mail, `smtp://host:port` or `smtps://user:pass@host:465`; empty: email deliveries wait with `FL_ALERT_SMTP_UNCONFIGURED`.',
  },
  {
    name: 'smtpFrom',
    kind: 'string',
    default: 'Faultline <faultline@localhost>',
    env: 'FAULTLINE_SMTP_FROM',
    doc: 'From address of alert mail.',
  },
  {
    name: 'webhookAllowPrivate',
    kind: 'boolean',
    default: false,
    env: 'FAULTLINE_WEBHOOK_ALLOW_PRIVATE',
    doc: 'Lets alert webhooks reach private, loopback, link-local and reserved addresses.',
  },
  {
    name: 'webhookTimeoutMs',
    kind: 'int',
    default: 10_000,
    env: 'FAULTLINE_WEBHOOK_TIMEOUT_MS',
    doc: 'Time limit of one webhook request (also the SMTP connect/greeting/socket timeouts).',
  },
  {
    name: 'webhookMaxResponseBytes',
    kind: 'int',
    default: 64 * 1024,
    env: 'FAULTLINE_WEBHOOK_MAX_RESPONSE_BYTES',
    doc: 'Bytes of a webhook answer read at most before the connection is cut.',
  },
  {
    name: 'alertHourlyCap',
    kind: 'int',
    default: 100,
    env: 'FAULTLINE_ALERT_HOURLY_CAP',
    doc: 'Alert messages per clock hour for the whole server; the overflow goes out as one summary.',
  },
  {
    name: 'alertRetryBaseMs',
    kind: 'int',
    default: 30_000,
    env: 'FAULTLINE_ALERT_RETRY_BASE_MS',
    doc: 'First retry delay of a failed alert delivery, doubled per attempt.',
  },
  {
    name: 'alertRetryMaxMs',
    kind: 'int',
    default: 3_600_000,
    env: 'FAULTLINE_ALERT_RETRY_MAX_MS',
    doc: 'Longest retry delay of an alert delivery.',
  },
  {
    name: 'alertMaxAgeHours',
    kind: 'int',
    default: 24,
    env: 'FAULTLINE_ALERT_MAX_AGE_HOURS',
    doc: 'An alert delivery still failing this long after it was queued is marked `failed`.',
  },
  {
    name: 'alertPollMs',
    kind: 'int',
    default: 1_000,
    env: 'FAULTLINE_ALERT_POLL_MS',
    doc: 'How often the alert sender looks at the outbox.',
  },
];
