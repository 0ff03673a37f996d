// Pure parts of rule evaluation: filters, minute buckets, the escalation test. No SQL here, so the
// exact cases are unit-tested without a database.
import type { AlertFilters, AlertRule } from './alerts-types.js';
import type { DigestEvent, Level } from './types.js';

const LEVEL_RANK: Record<Level, number> = { debug: 0, info: 1, warning: 2, error: 3, fatal: 4 };

/** True when `level` is at least `min`. */
export function levelAtLeast(level: Level, min: Level): boolean {
  return (LEVEL_RANK[level] ?? 0) >= LEVEL_RANK[min];
}

/** True when the event passes every filter the rule sets. */
export function matchesFilters(filters: AlertFilters, event: DigestEvent): boolean {
  if (filters.environment !== undefined && event.environment !== filters.environment) return false;
  if (filters.release !== undefined && event.release !== filters.release) return false;
  if (filters.minLevel !== undefined && !levelAtLeast(event.level, filters.minLevel)) return false;
  if (filters.tags && filters.tags.length > 0) {
    for (const [key, value] of filters.tags) {
      if (!event.tags.some(([k, v]) => k === key && v === value)) return false;
    }
  }
  return true;
}

/** The minute bucket of a time in ms (minutes since the epoch). */
export const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

/** Triggers that count events or users per window (and so write counters in the digest). */
export const isCounting = (rule: AlertRule): boolean =>
  rule.trigger === 'frequency' || rule.trigger === 'users' || rule.trigger === 'escalation';

/**
 * Escalation: the current window holds at least `threshold` events and `factor`× the baseline, the
 * moving average of the completed windows (never below one event per window, so a quiet
 * issue needs `factor` events at least). Without one completed window there is no baseline and
 * nothing escalates (new-issue and frequency rules cover young issues).
 */
export function isEscalating(
  rule: AlertRule,
  current: number,
  baseline: number,
  windowsSeen: number,
): boolean {
  if (windowsSeen < 1 || current < rule.threshold) return false;
  return current >= rule.factor * Math.max(1, baseline);
}

/** The digest-mode group a rule's alert at `at` belongs to (fixed windows of digestMinutes). */
export function digestGroup(rule: AlertRule, channelIndex: number, at: number): { key: string; due: number } {
  const len = rule.digestMinutes * 60_000;
  const start = Math.floor(at / len) * len;
  return { key: `rule:${rule.id}:${channelIndex}:${start}`, due: start + len };
}

/** The counter scope of a rule: its filters as canonical JSON (rules with equal filters share counters). */
export function scopeOf(filters: AlertFilters): string {
  const tags = [...(filters.tags ?? [])].map(([k, v]) => `${k}=${v}`).sort();
  return JSON.stringify([
    filters.environment ?? null,
    filters.minLevel ?? null,
    filters.release ?? null,
    tags,
  ]);
}
