// Alert settings, taken from the server's Config: they are ordinary settings of config/settings.ts
// (defaults, FAULTLINE_* environment variables, config file), documented in docs/server.md.
import type { Config } from '../config/index.js';

export interface AlertSettings {
  /** `smtp://host:port` or `smtps://user:pass@host:465`; unset: email channels wait with an error. */
  smtpUrl?: string;
  /** From address of alert mail. */
  smtpFrom: string;
  /** Base URL of the web UI, for links to issues. */
  publicUrl: string;
  /** Lets webhooks reach private, loopback, link-local and reserved addresses. */
  webhookAllowPrivate: boolean;
  /** Connect + response time limit of one webhook request. */
  webhookTimeoutMs: number;
  /** Bytes of a webhook response read before the connection is cut. */
  webhookMaxResponseBytes: number;
  /** Messages per clock hour for the whole instance; the overflow goes out as one summary. */
  hourlyCap: number;
  /** First retry delay; doubled per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A delivery still failing this long after it was queued is marked failed. */
  maxAgeMs: number;
  /** How often the sender looks at the outbox. */
  pollMs: number;
}

/** The config's alert settings, in the units the sender uses (public URL for issue links). */
export function loadAlertSettings(config: Config): AlertSettings {
  return {
    smtpUrl: config.smtpUrl || undefined,
    smtpFrom: config.smtpFrom,
    publicUrl: (config.publicUrl ?? '').replace(/\/+$/, ''),
    webhookAllowPrivate: config.webhookAllowPrivate,
    webhookTimeoutMs: config.webhookTimeoutMs,
    webhookMaxResponseBytes: config.webhookMaxResponseBytes,
    hourlyCap: config.alertHourlyCap,
    retryBaseMs: config.alertRetryBaseMs,
    retryMaxMs: config.alertRetryMaxMs,
    maxAgeMs: config.alertMaxAgeHours * 3_600_000,
    pollMs: config.alertPollMs,
  };
}
