import { entries } from './values.js';

const MAX_TAGS = 100;
const MAX_KEY = 200;
const MAX_VALUE = 200;

/**
 * Tags from a dict or a list of `[key, value]` pairs (§4.1): values stringified (`true` → `True`
 * like Sentry), `null` dropped, keys trimmed with spaces turned into `-`, both capped at 200
 * characters, newlines in values flattened, at most 100 tags (the first ones win).
 */
export function normalizeTags(value: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let count = 0;
  for (const [rawKey, rawValue] of entries(value)) {
    if (count >= MAX_TAGS) break;
    if (typeof rawKey !== 'string') continue;
    const key = rawKey.trim().replace(/\s+/g, '-').slice(0, MAX_KEY);
    if (key === '' || key === '__proto__') continue;
    const text = tagValue(rawValue);
    if (text === undefined) continue;
    if (!(key in out)) count++;
    out[key] = text;
  }
  return count > 0 ? out : undefined;
}

function tagValue(value: unknown): string | undefined {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (typeof value === 'boolean') s = value ? 'True' : 'False';
  else if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
  else if (typeof value === 'bigint') s = value.toString();
  else return undefined;
  s = s.replace(/[\r\n]+/g, ' ').trim();
  if (s === '') return undefined;
  return s.length > MAX_VALUE ? s.slice(0, MAX_VALUE) : s;
}
