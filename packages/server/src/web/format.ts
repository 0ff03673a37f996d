// Small display helpers shared by the pages.

import { html, type SafeHtml } from './html.js';

const UNITS: Array<[number, string]> = [
  [365 * 24 * 3600_000, 'y'],
  [30 * 24 * 3600_000, 'mo'],
  [24 * 3600_000, 'd'],
  [3600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** "3 h ago" style text for a past time (future times, from clock skew, read as "just now"). */
export function relativeTime(ms: number, now = Date.now()): string {
  const diff = now - ms;
  if (diff < 5000) return 'just now';
  for (const [size, unit] of UNITS) {
    if (diff >= size) return `${Math.floor(diff / size)} ${unit} ago`;
  }
  return 'just now';
}

/** ISO time in UTC, for title attributes and tables. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms)
    ? new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : '';
}

/** A <time> element: relative text, absolute time in the title. */
export function timeAgo(ms: number, now = Date.now()): SafeHtml {
  const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  return html`<time datetime="${iso}" title="${isoTime(ms)}">${relativeTime(ms, now)}</time>`;
}

/** 1234 → "1.2k", for counts in dense lists. */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

/** Byte sizes for people. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Makes event text safe to look at: NUL and other control characters become visible escapes, and
 * bidirectional overrides (used to make text read differently than it is, "Trojan Source") are
 * shown as markers instead of being applied. Escaping for HTML is still the html helper's job.
 */
export function visibleText(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hidden =
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      c === 0x7f ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0x200e ||
      c === 0x200f;
    if (hidden) {
      out += text.slice(last, i) + `\\u{${c.toString(16).padStart(4, '0')}}`;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
