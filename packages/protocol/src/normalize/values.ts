// Small coercions shared by the normalizers. None of them throws: odd shapes become undefined.

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A trimmed non-empty string (numbers and booleans are stringified), or undefined. */
export function asString(value: unknown, maxLength = Number.POSITIVE_INFINITY): string | undefined {
  let s: string;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
  else if (typeof value === 'boolean') s = String(value);
  else return undefined;
  if (s === '') return undefined;
  return truncate(s, maxLength);
}

/** Like asString but keeps surrounding whitespace (exception values, context lines). */
export function asText(value: unknown, maxLength = Number.POSITIVE_INFINITY): string | undefined {
  if (typeof value === 'string') return truncate(value, maxLength);
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return truncate(JSON.stringify(value), maxLength);
  } catch {
    return undefined;
  }
}

export function truncate(s: string, maxLength: number): string {
  return s.length > maxLength ? `${s.slice(0, Math.max(0, maxLength - 1))}…` : s;
}

/** A finite number (numeric strings accepted), or undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * The list inside a `{values:[…]}` container, a bare list, or a single bare object (§4.1: Relay and
 * Bugsink wrap it). Non-object entries are dropped.
 */
export function asValues(value: unknown): Obj[] {
  let list: unknown;
  if (Array.isArray(value)) list = value;
  else if (isObject(value))
    list = Array.isArray(value.values) ? value.values : 'values' in value ? [] : [value];
  else return [];
  return (list as unknown[]).filter(isObject);
}

/** A record of strings from a dict or a list of [key, value] pairs (null values dropped). */
export function asStringRecord(
  value: unknown,
  maxLength = Number.POSITIVE_INFINITY,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, v] of entries(value)) {
    const key = asString(k);
    // PHP sends header values as lists: the first one is the value (GlitchTip does the same).
    const text = asString(Array.isArray(v) ? v[0] : v, maxLength);
    if (key === undefined || text === undefined || key === '__proto__') continue;
    out[key] = text;
    any = true;
  }
  return any ? out : undefined;
}

/** Key/value entries of a dict or of a list of pairs. */
export function entries(value: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(value)) {
    return value.filter((p): p is unknown[] => Array.isArray(p) && p.length >= 2).map((p) => [p[0], p[1]]);
  }
  if (isObject(value)) return Object.entries(value);
  return [];
}

/**
 * A shallow copy of `raw` without the `omit` keys. Normalizers copy this way and then set the
 * fields they rewrote, instead of spreading and `delete`-ing: deleting turns V8 objects into slow
 * dictionaries, which made everything downstream (grouping, JSON.stringify) several times slower.
 */
// `__proto__` is skipped wherever payload keys become object keys: JSON.parse makes it an own
// property, and assigning it would swap the copy's prototype for attacker data.
export function copyWithout(raw: Obj, omit: ReadonlySet<string>): Obj {
  const out: Obj = {};
  for (const key of Object.keys(raw)) {
    if (!omit.has(key) && key !== '__proto__') out[key] = raw[key];
  }
  return out;
}

/** Sets `target[key]` only when `value` is defined. */
export function setDefined(target: Obj, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
