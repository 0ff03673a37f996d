// Rate-limit headers as SDKs read them (§1.5): `X-Sentry-Rate-Limits` and `Retry-After`.

const CATEGORIES: Record<string, string> = {
  event: 'error',
  transaction: 'transaction',
  session: 'session',
  sessions: 'session',
  attachment: 'attachment',
  profile: 'profile',
  profile_chunk: 'profile',
  check_in: 'monitor',
  feedback: 'feedback',
  user_report: 'default',
  span: 'span',
  log: 'log_item',
  client_report: 'internal',
  raw_security: 'security',
  statsd: 'metric_bucket',
  metric_bucket: 'metric_bucket',
};

/** The data category of an envelope item type (the JS SDK's mapping); unknown types map to `default`. */
export function itemCategory(type: string): string {
  if (type.startsWith('replay_')) return 'replay';
  return CATEGORIES[type] ?? 'default';
}

/** One limit: `retryAfter` seconds for `categories` (empty: all categories). */
export interface RateLimit {
  retryAfter: number;
  categories: string[];
  scope?: string;
  reasonCode?: string;
}

/**
 * Formats `X-Sentry-Rate-Limits`. Seconds are written as integers (rounded up) because sentry-python
 * parses them with int() and silently drops `60.0`.
 * @example formatRateLimits([{ retryAfter: 60, categories: ['error'] }]) // '60:error:project'
 */
export function formatRateLimits(limits: RateLimit[]): string {
  return limits
    .map((l) => {
      const seconds = Math.max(0, Math.ceil(l.retryAfter));
      const parts = [String(seconds), l.categories.join(';'), l.scope ?? 'project'];
      if (l.reasonCode) parts.push(l.reasonCode);
      return parts.join(':');
    })
    .join(', ');
}

/** Key of a limit that covers every category. */
export const ALL_CATEGORIES = 'all';

/**
 * Parses `X-Sentry-Rate-Limits` into category → disabled-until (epoch ms). A limit with no
 * categories is stored under `all`. Garbled limits are skipped, like the SDKs do.
 */
export function parseRateLimits(header: string, nowMs: number): Map<string, number> {
  const until = new Map<string, number>();
  for (const limit of header.split(',')) {
    const [secondsRaw, categoriesRaw = ''] = limit.trim().split(':');
    if (secondsRaw === undefined || !/^\d+(\.\d+)?$/.test(secondsRaw.trim())) continue;
    const at = nowMs + Number(secondsRaw) * 1000;
    const categories = categoriesRaw.split(';').filter((c) => c !== '');
    for (const category of categories.length === 0 ? [ALL_CATEGORIES] : categories) {
      until.set(category, Math.max(until.get(category) ?? 0, at));
    }
  }
  return until;
}

const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Parses `Retry-After` (integer seconds or an HTTP date) into the epoch ms until which sending
 * should stop. Missing or garbled values mean 60 s, the SDKs' own default.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number {
  if (value === null || value === undefined || value.trim() === '') return nowMs + DEFAULT_RETRY_AFTER_MS;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return nowMs + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return nowMs + DEFAULT_RETRY_AFTER_MS;
  return Math.max(nowMs, date);
}
