/**
 * Accept-header negotiation for default error responses: HTML (Werkzeug's page), JSON or RFC 9457
 * problem+json. Proper q-values: each candidate takes the q of the most specific range that matches
 * it (RFC 9110 §12.5.1); ties go to server order, which puts HTML first so browsers and clients
 * that send no Accept header keep Werkzeug's page.
 */

/** The three renderings of a default error response. */
export type ErrorFormat = 'html' | 'json' | 'problem';

const CANDIDATES: ReadonlyArray<readonly [string, string, ErrorFormat]> = [
  ['text', 'html', 'html'],
  ['application', 'json', 'json'],
  ['application', 'problem+json', 'problem'],
];

/** Picks the error format the Accept header prefers; HTML when it is absent or nothing is acceptable. */
export function negotiateErrorFormat(accept: string | readonly string[] | undefined): ErrorFormat {
  if (accept === undefined) return 'html';
  const header = typeof accept === 'string' ? accept : accept.join(',');
  if (header === '' || header === '*/*') return 'html';
  const ranges = parseAccept(header);
  let best: ErrorFormat = 'html';
  let bestQ = 0;
  for (const [type, subtype, format] of CANDIDATES) {
    const q = qualityFor(ranges, type, subtype);
    if (q > bestQ) {
      bestQ = q;
      best = format;
    }
  }
  return best;
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mediaType = '', ...params] = part.split(';');
    const slash = mediaType.indexOf('/');
    if (slash < 0) continue;
    let q = 1;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
      const value = Number(param.slice(eq + 1).trim());
      q = Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
    }
    ranges.push({
      type: mediaType.slice(0, slash).trim().toLowerCase(),
      subtype: mediaType
        .slice(slash + 1)
        .trim()
        .toLowerCase(),
      q,
    });
  }
  return ranges;
}

function qualityFor(ranges: readonly MediaRange[], type: string, subtype: string): number {
  let specificity = -1;
  let q = 0;
  for (const range of ranges) {
    let s: number;
    if (range.type === type && range.subtype === subtype) s = 2;
    else if (range.type === type && range.subtype === '*') s = 1;
    else if (range.type === '*' && range.subtype === '*') s = 0;
    else continue;
    if (s > specificity) {
      specificity = s;
      q = range.q;
    }
  }
  return q;
}
