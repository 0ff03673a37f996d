// Validates a rule as the API (JSON) or the UI (form fields) sends it, filling in defaults.
import type { AlertChannel, AlertFilters, AlertRuleInput, AlertTrigger } from '../storage/alerts-types.js';
import type { Level } from '../storage/types.js';
import { AlertError } from './alert-errors.js';

const TRIGGERS: readonly AlertTrigger[] = ['new_issue', 'regression', 'frequency', 'users', 'escalation'];
const LEVELS: readonly Level[] = ['debug', 'info', 'warning', 'error', 'fatal'];
const FORMATS = ['json', 'slack', 'discord'] as const;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

const bad = (message: string) => new AlertError('FL_ALERT_INVALID', message);

function int(v: unknown, name: string, fallback: number, min: number, max: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw bad(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function optionalText(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > 200)
    throw bad(`${name} must be a string of at most 200 characters`);
  return v;
}

function channel(v: unknown): AlertChannel {
  const c = (v ?? {}) as Record<string, unknown>;
  if (c.type === 'email') {
    if (c.to === undefined || (Array.isArray(c.to) && c.to.length === 0)) return { type: 'email' };
    if (
      !Array.isArray(c.to) ||
      c.to.length > 50 ||
      !c.to.every((a) => typeof a === 'string' && EMAIL.test(a))
    )
      throw bad('email channel "to" must be a list of up to 50 email addresses');
    return { type: 'email', to: c.to as string[] };
  }
  if (c.type === 'webhook') {
    const format = (c.format ?? 'json') as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw bad('webhook format must be json, slack or discord');
    let url: URL;
    try {
      url = new URL(String(c.url));
    } catch {
      throw bad('webhook url must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('webhook url must be http or https');
    return { type: 'webhook', url: url.toString(), format };
  }
  throw bad('a channel is { type: "email", to? } or { type: "webhook", url, format? }');
}

function filters(v: unknown): AlertFilters {
  const f = (v ?? {}) as Record<string, unknown>;
  const out: AlertFilters = {};
  const environment = optionalText(f.environment, 'filters.environment');
  const release = optionalText(f.release, 'filters.release');
  if (environment !== undefined) out.environment = environment;
  if (release !== undefined) out.release = release;
  if (f.minLevel !== undefined && f.minLevel !== null && f.minLevel !== '') {
    if (!LEVELS.includes(f.minLevel as Level))
      throw bad(`filters.minLevel must be one of ${LEVELS.join(', ')}`);
    out.minLevel = f.minLevel as Level;
  }
  if (f.tags !== undefined && f.tags !== null) {
    const ok =
      Array.isArray(f.tags) &&
      f.tags.length <= 20 &&
      f.tags.every(
        (p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string' && s.length > 0),
      );
    if (!ok) throw bad('filters.tags must be a list of up to 20 [key, value] pairs');
    if ((f.tags as unknown[]).length > 0) out.tags = f.tags as Array<[string, string]>;
  }
  return out;
}

/** A validated rule input for a project; throws FL_ALERT_INVALID naming the first bad field. */
export function parseRuleInput(projectId: number, body: unknown): AlertRuleInput {
  const b = (body ?? {}) as Record<string, unknown>;
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (name.length < 1 || name.length > 100) throw bad('name must be 1 to 100 characters');
  if (!TRIGGERS.includes(b.trigger as AlertTrigger))
    throw bad(`trigger must be one of ${TRIGGERS.join(', ')}`);
  const trigger = b.trigger as AlertTrigger;
  if (!Array.isArray(b.channels) || b.channels.length < 1 || b.channels.length > 10)
    throw bad('channels must list 1 to 10 channels');
  const factor = b.factor === undefined || b.factor === '' ? 5 : Number(b.factor);
  if (!Number.isFinite(factor) || factor < 1 || factor > 1000)
    throw bad('factor must be a number from 1 to 1000');
  const windowMinutes = int(b.windowMinutes, 'windowMinutes', 60, 1, 1440);
  return {
    projectId,
    name,
    trigger,
    threshold: int(b.threshold, 'threshold', trigger === 'escalation' ? 10 : 100, 0, 1_000_000_000),
    windowMinutes,
    factor,
    baselineMinutes: int(b.baselineMinutes, 'baselineMinutes', 1440, windowMinutes, 1440),
    filters: filters(b.filters),
    channels: b.channels.map(channel),
    throttleMinutes: int(b.throttleMinutes, 'throttleMinutes', 60, 0, 10_080),
    digestMinutes: int(b.digestMinutes, 'digestMinutes', 0, 0, 1440),
    enabled:
      b.enabled === undefined ? true : b.enabled === true || b.enabled === 'on' || b.enabled === 'true',
  };
}
