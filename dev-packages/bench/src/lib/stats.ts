// Small statistics and formatting helpers shared by the benchmarks.

/** The q-quantile (0..1) of the values, by nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Formats a number with thousands separators and `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `value (ratio×)` against a baseline, for side-by-side tables. */
export function withRatio(value: number, baseline: number, digits = 0): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return fmt(value, digits);
  return `${fmt(value, digits)} (${(value / baseline).toFixed(2)}×)`;
}

/** Renders a markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
