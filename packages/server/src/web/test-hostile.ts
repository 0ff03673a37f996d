// Test support (excluded from the build): an event built to break a page that trusts its data.

/** Nested objects `depth` levels deep. */
export function deepObject(depth: number): Record<string, unknown> {
  let deep: Record<string, unknown> = { bottom: '<b>bottom</b>' };
  for (let i = 0; i < depth; i++) deep = { [`level${i}`]: deep };
  return deep;
}

const XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>';

/** An event with script tags, javascript: URLs, megabyte strings, deep nesting, NUL and bidi overrides. */
export function hostileEvent(): Record<string, unknown> {
  const mega = 'M'.repeat(1024 * 1024);
  return {
    platform: 'node',
    environment: `prod${XSS}`,
    release: 'r"><svg onload=alert(1)>',
    message: `${XSS} \u202Egnp.exe\u202C NUL:\u0000 end`,
    exception: {
      values: [
        {
          type: `Evil${XSS}`,
          value: `${XSS} ${mega}`,
          stacktrace: {
            frames: Array.from({ length: 300 }, (_, i) => ({
              filename: i % 2 ? `javascript:alert(${i})` : `/srv/${XSS}.js`,
              function: `fn${XSS}`,
              lineno: i,
              in_app: i % 3 === 0,
              context_line: `${XSS}${'x'.repeat(1000)}`,
              pre_context: [XSS, '\u0000\u202E'],
              vars: i < 3 ? { evil: XSS, deep: deepObject(300), big: 'B'.repeat(100_000) } : { evil: XSS },
            })),
          },
        },
      ],
    },
    breadcrumbs: {
      values: Array.from({ length: 500 }, (_, i) => ({
        timestamp: 'not a time',
        category: `nav${XSS}`,
        message: `javascript:alert(${i})`,
        data: { url: 'javascript:alert(document.cookie)', from: XSS },
      })),
    },
    request: {
      method: `GET${XSS}`,
      url: 'javascript:alert(document.domain)//',
      query_string: XSS,
      headers: { Referer: 'javascript:alert(1)', [`X-${XSS}`]: 'h'.repeat(50_000) },
      data: deepObject(500),
    },
    user: { id: XSS, email: `a@b.test${XSS}`, ip_address: '\u0000' },
    contexts: { [XSS]: { name: XSS }, browser: { name: '\u202Eevil' } },
    tags: [
      [XSS, XSS],
      ['url', 'javascript:alert(1)'],
    ],
    extra: {
      deep: deepObject(1000),
      wide: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, XSS])),
    },
  };
}
