// Every page is built with the `html` tagged template. Interpolated values are escaped unless they
// are SafeHtml (the result of another `html` call or an explicit `raw()`), so hostile event data
// can only ever become text. We chose a tagged template over TSX-to-string: it needs no build step
// or JSX runtime, and the escaping rule fits in one function that is easy to test.

/** A fragment of markup that is already safe to emit as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch]!);
}

/** Marks trusted markup (our own constants only, never user or event data) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((v) => render(v)).join('');
  return escapeHtml(String(value));
}

/** Builds markup; interpolations are escaped, arrays are joined, null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]!) + strings[i + 1]!;
  }
  return new SafeHtml(out);
}

/** Joins fragments with a separator (the separator is escaped like any other text). */
export function join(parts: readonly Value[], separator: string): SafeHtml {
  return new SafeHtml(parts.map((p) => render(p)).join(escapeHtml(separator)));
}

/**
 * A URL safe to put in an href: only relative paths and http(s)/mailto are kept; anything else
 * (javascript:, data:, vbscript:, odd schemes) becomes '#'. Escaping alone does not stop
 * `javascript:` URLs, so links built from event data must go through this.
 */
export function safeHref(url: string): string {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so we do too.
  const trimmed = [...url]
    .filter((ch) => ch.charCodeAt(0) > 0x20 && (ch.charCodeAt(0) < 0x7f || ch.charCodeAt(0) > 0x9f))
    .join('');
  if (/^(https?:|mailto:)/i.test(trimmed)) return url;
  if (/^[/?#]/.test(trimmed) && !trimmed.startsWith('//')) return url;
  return '#';
}
