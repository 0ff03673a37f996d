// Message and value normalization for grouping (spec §5.2): variable parts of a message are
// replaced by placeholders so "timeout after 31 ms" and "timeout after 17 ms" group together.
// Our own regex set, in the order Sentry's parameterization applies them.

const TLDS =
  'com|org|net|edu|gov|mil|int|io|co|ai|app|dev|info|biz|me|tv|us|uk|de|fr|nl|ru|cn|jp|br|in|it|es|ca|au|ch|se|no|fi|dk|pl|be|at|cz|eu|xyz|online|site|tech|cloud|local|internal|test|example|localhost';

const PATTERNS: Array<[RegExp, string]> = [
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>)\]]+/gi, '<url>'],
  [new RegExp(`\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})\\b`, 'gi'), '<hostname>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '<ip>'],
  [
    /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])/gi,
    '<ip>',
  ],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b[0-9a-f]{40}\b/gi, '<sha1>'],
  [/\b[0-9a-f]{32}\b/gi, '<md5>'],
  // RFC 3339 / ISO datetimes and dates.
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/gi, '<date>'],
  // RFC 822 / 850 dates (Tue, 25 Nov 2026 06:00:00 GMT; Tuesday, 25-Nov-26 06:00:00 GMT).
  [
    /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? \d{1,2}[ -](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ -]\d{2,4} \d{2}:\d{2}(?::\d{2})?(?: [A-Z]{2,4}|[+-]\d{4})?/g,
    '<date>',
  ],
  [/\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp][Mm])?\b/g, '<date>'],
  [
    /\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds|m|min|mins|minutes|h|hrs|hours|d|days)\b/g,
    '<duration>',
  ],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // `_` and `-` may precede a number (`user_123`, `ord-7`); letters may not (`sha256`, `v2`).
  [/(?<![A-Za-z0-9.])-?\d+\.\d+(?:e[+-]?\d+)?\b/gi, '<float>'],
  [/(?<![A-Za-z0-9.])-?\d+\b/g, '<int>'],
  [/=(['"])(?:(?!\1)[^\\]|\\.)*\1/g, '=<quoted_str>'],
  [/=(?:true|false|True|False)\b/g, '=<bool>'],
];

const MAX_LINES = 2;

/** The first two non-empty lines of a message with its variable parts replaced by placeholders. */
export function parameterize(message: string): string {
  const lines = message.split(/\r?\n/).filter((l) => l.trim() !== '');
  let text = lines.slice(0, MAX_LINES).join('\n');
  if (lines.length > MAX_LINES) text += '...';
  for (const [pattern, placeholder] of PATTERNS) text = text.replace(pattern, placeholder);
  return text;
}
