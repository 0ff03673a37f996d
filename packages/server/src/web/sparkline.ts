// Inline SVG bar charts of event counts. SVG presentation attributes are not inline styles, so the
// charts work under our `style-src 'self'` CSP; colours come from CSS classes.

import type { HourlyCount } from '../storage/types.js';
import { html, type SafeHtml } from './html.js';

const HOUR = 3600_000;

export type ChartPeriod = '24h' | '14d';

/** Start of the chart window for a period, aligned to the hour. */
export function periodStart(period: ChartPeriod, now = Date.now()): number {
  const hourNow = Math.floor(now / HOUR) * HOUR;
  return period === '24h' ? hourNow - 23 * HOUR : hourNow - (14 * 24 - 1) * HOUR;
}

/** Buckets hourly counts into the chart's bars: 24 hourly bars, or 14 daily bars. */
export function buckets(counts: HourlyCount[], period: ChartPeriod, now = Date.now()): number[] {
  const start = periodStart(period, now);
  const size = period === '24h' ? HOUR : 24 * HOUR;
  const n = period === '24h' ? 24 : 14;
  const bars = new Array<number>(n).fill(0);
  for (const c of counts) {
    const i = Math.floor((c.hour - start) / size);
    if (i >= 0 && i < n) bars[i]! += c.count;
  }
  return bars;
}

/** An SVG bar chart; the title lists the total so the chart has a text equivalent. */
export function barChart(bars: number[], opts: { width: number; height: number; label: string }): SafeHtml {
  const max = Math.max(1, ...bars);
  const w = opts.width / bars.length;
  const total = bars.reduce((a, b) => a + b, 0);
  const rects = bars.map((v, i) => {
    const h = v === 0 ? 1 : Math.max(2, Math.round((v / max) * (opts.height - 1)));
    return html`<rect class="${v === 0 ? 'bar-empty' : 'bar'}" x="${(i * w).toFixed(1)}" y="${opts.height - h}" width="${Math.max(1, w - 1).toFixed(1)}" height="${h}"><title>${v}</title></rect>`;
  });
  return html`<svg class="chart" role="img" aria-label="${opts.label}: ${total} events" viewBox="0 0 ${opts.width} ${opts.height}" width="${opts.width}" height="${opts.height}" preserveAspectRatio="none">${rects}</svg>`;
}
