// application/x-www-form-urlencoded bodies, parsed into name → value(s).

export type FormBody = Record<string, string | string[]>;

/** Parses a urlencoded body; repeated names (checkbox lists) become arrays. */
export function parseForm(body: string): FormBody {
  const out: FormBody = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

function asForm(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

/** First value of a field, or '' when absent. */
export function field(body: unknown, name: string): string {
  const v = asForm(body)[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** Every value of a field. */
export function fields(body: unknown, name: string): string[] {
  const v = asForm(body)[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A positive integer id from a route parameter or field, or undefined. */
export function parseId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A local redirect target: only same-site absolute paths, never //host or a scheme. */
export function safeNext(value: string, fallback = '/issues'): string {
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}
