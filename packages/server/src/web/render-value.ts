// Renders arbitrary event data (JSON of unknown shape, from a hostile client) as HTML with hard
// bounds: nesting depth, entries per object/array, total nodes, and string length. Strings longer than
// the preview are folded into <details> showing a larger but still bounded part; the raw-event
// download always has the full value.

import { formatBytes, visibleText } from './format.js';
import { html, type SafeHtml } from './html.js';

export interface RenderLimits {
  maxDepth: number;
  maxEntries: number;
  maxNodes: number;
  previewChars: number;
  fullChars: number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  maxDepth: 6,
  maxEntries: 50,
  maxNodes: 2000,
  previewChars: 300,
  fullChars: 65_536,
};

/** A possibly long string: a preview, and the rest (bounded) behind a disclosure. */
export function renderString(text: string, limits: RenderLimits = DEFAULT_LIMITS): SafeHtml {
  if (text.length <= limits.previewChars) return html`<span class="v-str">${visibleText(text)}</span>`;
  const shown = text.slice(0, limits.fullChars);
  const cut = text.length > shown.length;
  return html`<details class="long"><summary><span class="v-str">${visibleText(text.slice(0, limits.previewChars))}</span>… <span class="muted">(${formatBytes(Buffer.byteLength(text))}, show ${cut ? 'more' : 'all'})</span></summary><span class="v-str">${visibleText(shown)}</span>${cut ? html`<span class="muted"> … truncated; download the raw event for the full value</span>` : null}</details>`;
}

/** Renders any JSON-like value within the limits. */
export function renderValue(value: unknown, limits: RenderLimits = DEFAULT_LIMITS): SafeHtml {
  const budget = { nodes: limits.maxNodes };
  return walk(value, 0, limits, budget);
}

function walk(value: unknown, depth: number, limits: RenderLimits, budget: { nodes: number }): SafeHtml {
  if (budget.nodes-- <= 0) return html`<span class="muted">…</span>`;
  if (value === null || value === undefined) return html`<span class="v-null">null</span>`;
  if (typeof value === 'string') return renderString(value, limits);
  if (typeof value === 'number' || typeof value === 'boolean')
    return html`<span class="v-num">${String(value)}</span>`;
  if (typeof value !== 'object') return html`<span class="v-str">${String(value)}</span>`;
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray
    ? (value as unknown[]).slice(0, limits.maxEntries).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>).slice(0, limits.maxEntries);
  const total = isArray ? (value as unknown[]).length : Object.keys(value as object).length;
  if (total === 0) return html`<span class="v-null">${isArray ? '[]' : '{}'}</span>`;
  if (depth >= limits.maxDepth) {
    return html`<span class="muted">${isArray ? `[${total} items]` : `{${total} keys}`} (too deep to show)</span>`;
  }
  const rows = entries.map(
    ([k, v]) => html`<tr><th>${visibleText(k)}</th><td>${walk(v, depth + 1, limits, budget)}</td></tr>`,
  );
  const more = total - entries.length;
  return html`<table class="kv nested">${rows}${more > 0 ? html`<tr><td colspan="2" class="muted">… ${more} more</td></tr>` : null}</table>`;
}

/** Renders a flat record as a key/value table (each value bounded by renderValue). */
export function kvTable(
  record: Record<string, unknown> | Array<[string, unknown]>,
  limits = DEFAULT_LIMITS,
): SafeHtml {
  const entries = Array.isArray(record) ? record : Object.entries(record);
  const shown = entries.slice(0, limits.maxEntries * 4);
  return html`<table class="kv">${shown.map(([k, v]) => html`<tr><th>${visibleText(String(k))}</th><td>${renderValue(v, limits)}</td></tr>`)}${entries.length > shown.length ? html`<tr><td colspan="2" class="muted">… ${entries.length - shown.length} more</td></tr>` : null}</table>`;
}
