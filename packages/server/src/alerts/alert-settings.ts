// Alert settings, read from FAULTLINE_* environment variables (documented in docs/alerts.md).
// They live here rather than in config/settings.ts for now; see docs/alerts.md § Settings.
import { AlertError } from './alert-errors.js';

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

const int = (env: Record<string, string | undefined>, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new AlertError('FL_ALERT_INVALID', `${name} must be a non-negative integer`);
  return n;
};

/** Alert settings from the environment, with the server's public URL for links. */
export function loadAlertSettings(
  publicUrl: string,
  env: Record<string, string | undefined> = process.env,
): AlertSettings {
  return {
    smtpUrl: env.FAULTLINE_SMTP_URL || undefined,
    smtpFrom: env.FAULTLINE_SMTP_FROM || 'Faultline <faultline@localhost>',
    publicUrl: publicUrl.replace(/\/+$/, ''),
    webhookAllowPrivate: /^(1|true|yes)$/i.test(env.FAULTLINE_WEBHOOK_ALLOW_PRIVATE ?? ''),
    webhookTimeoutMs: int(env, 'FAULTLINE_WEBHOOK_TIMEOUT_MS', 10_000),
    webhookMaxResponseBytes: int(env, 'FAULTLINE_WEBHOOK_MAX_RESPONSE_BYTES', 64 * 1024),
    hourlyCap: int(env, 'FAULTLINE_ALERT_HOURLY_CAP', 100),
    retryBaseMs: int(env, 'FAULTLINE_ALERT_RETRY_BASE_MS', 30_000),
    retryMaxMs: int(env, 'FAULTLINE_ALERT_RETRY_MAX_MS', 3_600_000),
    maxAgeMs: int(env, 'FAULTLINE_ALERT_MAX_AGE_HOURS', 24) * 3_600_000,
    pollMs: int(env, 'FAULTLINE_ALERT_POLL_MS', 1_000),
  };
}
