import type { Level } from '../types.js';

const LEVELS = new Set<Level>(['fatal', 'error', 'warning', 'info', 'debug']);
const ALIASES: Record<string, Level> = {
  warn: 'warning',
  log: 'info',
  critical: 'fatal',
  crit: 'fatal',
  err: 'error',
  notice: 'info',
  trace: 'debug',
  exception: 'error',
};
// Python logging levels (raven-python sends them as integers, sometimes as strings).
const NUMERIC: Array<[number, Level]> = [
  [50, 'fatal'],
  [40, 'error'],
  [30, 'warning'],
  [20, 'info'],
  [0, 'debug'],
];

/** A Sentry level from a name, an alias (`warn`, `critical`…) or a Python logging number; `error` otherwise. */
export function normalizeLevel(value: unknown): Level {
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (LEVELS.has(s as Level)) return s as Level;
    if (ALIASES[s]) return ALIASES[s];
    if (/^\d+$/.test(s)) return numericLevel(Number(s));
    return 'error';
  }
  if (typeof value === 'number' && Number.isFinite(value)) return numericLevel(value);
  return 'error';
}

function numericLevel(n: number): Level {
  for (const [min, level] of NUMERIC) if (n >= min) return level;
  return 'debug';
}
