import type { LogEntry } from '../types.js';
import { asText, isObject, type Obj, truncate } from './values.js';

/**
 * The event's message as a `logentry` (§4.4). Precedence: `logentry`, then the legacy
 * `sentry.interfaces.Message`, then `message` as an object, then `message` as a string (which
 * becomes `formatted`). A missing `formatted` is built from the template and params.
 */
export function normalizeMessage(raw: Obj, maxLength: number): LogEntry | undefined {
  const candidates = [raw.logentry, raw['sentry.interfaces.Message'], raw.message];
  for (const candidate of candidates) {
    const entry = toLogEntry(candidate, maxLength);
    if (entry) return entry;
  }
  return undefined;
}

function toLogEntry(value: unknown, maxLength: number): LogEntry | undefined {
  if (typeof value === 'string') {
    return value.trim() === '' ? undefined : { formatted: truncate(value, maxLength) };
  }
  if (!isObject(value)) return undefined;
  const template = asText(value.message, maxLength);
  const params = Array.isArray(value.params) || isObject(value.params) ? value.params : undefined;
  let formatted = asText(value.formatted, maxLength);
  if (formatted === undefined && template !== undefined) {
    formatted = truncate(params ? formatTemplate(template, params) : template, maxLength);
  }
  if (template === undefined && formatted === undefined) return undefined;
  const entry: LogEntry = {};
  if (template !== undefined) entry.message = template;
  if (params !== undefined) entry.params = params as LogEntry['params'];
  if (formatted !== undefined) entry.formatted = formatted;
  return entry;
}

function paramText(value: unknown): string {
  return typeof value === 'string' ? value : (asText(value) ?? 'None');
}

/**
 * Python `%`-style (or positional `{0}`) formatting for list params, `{name}` / `%(name)s` for dict params. A template
 * that does not fit its params is returned unformatted rather than half-formatted.
 */
export function formatTemplate(template: string, params: unknown[] | Obj): string {
  if (Array.isArray(params)) {
    let i = 0;
    let ok = true;
    const out = template.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGoc])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (i >= params.length) {
        ok = false;
        return match;
      }
      return paramText(params[i++]);
    });
    if (!ok) return template;
    // .NET and others use positional `{0}` placeholders with list params.
    return i > 0
      ? out
      : out.replace(/\{(\d+)\}/g, (match, n: string) =>
          Number(n) < params.length ? paramText(params[Number(n)]) : match,
        );
  }
  return template
    .replace(/%\((\w+)\)[-+ #0]*\d*(?:\.\d+)?[sdifr]/g, (match, name: string) =>
      name in params ? paramText(params[name]) : match,
    )
    .replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? paramText(params[name]) : match));
}
