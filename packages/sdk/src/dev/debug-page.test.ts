import { afterEach, describe, expect, it } from 'vitest';
import type { DebugReport } from './report.js';
import { type RunningApp, run } from './run.js';
import { APP_KINDS, makeApp } from './test-apps.js';

const quiet = { log: () => {}, onRequestError: () => {}, port: 0, useReloader: false, env: {} };
let running: RunningApp | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(APP_KINDS)('debug page on %s', (kind) => {
  it('renders the page for an unhandled error: mapped .ts frames, context, variables, folded library frames', async () => {
    running = await run(makeApp(kind), { ...quiet, debug: true });
    const res = await fetch(`${running.url}/order?coupon=%3Cb%3E`, { headers: { 'x-trace': 'abc' } });
    const html = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(nonce).toBeTruthy();
    // Every script on the page carries the nonce; none is inline without it.
    expect(html.match(/<script[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);

    expect(html).toContain('<h1>Error</h1>');
    expect(html).toContain('Could not price order A-17 in EUR');
    expect(html).toContain('The error above was caused by:');
    expect(html).toContain(
      'RangeError: Unknown discount code &lt;script&gt;alert(&#34;A-17&#34;)&lt;/script&gt;',
    );
    expect(html).not.toContain('<script>alert');
    // Frames mapped to the TypeScript source, the failing line highlighted with 5 lines each side.
    expect(html).toMatch(
      /<span class="fn">applyDiscount<\/span><span class="loc">[^<]*test-routes\.ts:23:\d+/,
    );
    // Anchored on the frame's header: the catch frame's variables (its `cause`) carry the stack text too.
    const source =
      /<span class="fn">applyDiscount<\/span><span class="loc">[^<]*test-routes\.ts:23:\d+.*?<pre class="source">(.*?)<\/pre>/s.exec(
        html,
      )?.[1] ?? '';
    expect(source.match(/data-line="(\d+)"/g)).toEqual(
      [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28].map((n) => `data-line="${n}"`),
    );
    expect(source).toContain(
      '<span class="current" data-line="23">  if (rate === undefined) throw new RangeError',
    );
    // Local variables of the throwing frame, captured through node:inspector.
    const vars =
      /<span class="fn">applyDiscount<\/span><span class="loc">[^<]*test-routes\.ts:23:\d+.*?<table class="vars">(.*?)<\/table>/s.exec(
        html,
      )?.[1] ?? '';
    expect(vars).toContain('<th>amount</th><td><pre>25</pre>');
    expect(vars).toContain('<th>discounts</th>');
    expect(vars).toContain('&#34;WELCOME&#34;: 0.1');
    expect(html).toContain('href="vscode://file/');
    // Framework frames come from node_modules: folded away as library frames. A bare node:http
    // handler has only Node's own frames below the app, folded too.
    if (kind === 'node') expect(html).toMatch(/<details class="folded"><summary>\d+ Node frame/);
    else {
      expect(html).toMatch(/<details class="folded"><summary>\d+ library/);
      expect(html).toMatch(/<div class="frame library"><div class="frame-head">.*?node_modules/s);
    }
    // The request and the copyable traceback.
    expect(html).toContain('/order?coupon=%3Cb%3E');
    expect(html).toContain('<tr><th>x-trace</th><td>abc</td></tr>');
    expect(html).toContain('<tr><th>coupon</th><td>&lt;b&gt;</td></tr>');
    expect(html).toMatch(
      /<textarea id="traceback"[^>]*>Error: Could not price order A-17 in EUR\n {4}at priceOrder \(/,
    );
  });

  it('answers JSON to clients that ask for it', async () => {
    running = await run(makeApp(kind), { ...quiet, debug: true });
    const res = await fetch(`${running.url}/order`, { headers: { accept: 'application/json' } });
    expect([res.status, res.headers.get('content-type')]).toEqual([500, 'application/json; charset=utf-8']);
    const report = (await res.json()) as DebugReport;
    expect(report.exceptions.map((e) => [e.type, e.relation])).toEqual([
      ['Error', 'thrown'],
      ['RangeError', 'cause'],
    ]);
    const top = report.exceptions[1]!.frames[0]!;
    expect([top.function, top.kind, top.file?.endsWith('/dev/test-routes.ts'), top.line]).toEqual([
      'applyDiscount',
      'app',
      true,
      23,
    ]);
    expect(top.vars).toMatchObject({ amount: 25, rate: '<undefined>' });
    expect(report.request.method).toBe('GET');
    expect(report.traceback).toContain('Caused by: RangeError: Unknown discount code');
  });

  it('is never served with debug off', async () => {
    running = await run(makeApp(kind), { ...quiet, debug: false });
    for (const accept of ['text/html', 'application/json']) {
      const res = await fetch(`${running.url}/order`, { headers: { accept } });
      const body = await res.text();
      expect(res.status).toBe(500);
      expect(body).not.toContain('A-17');
      expect(body).not.toContain('test-routes');
      expect(body).not.toContain('applyDiscount');
      expect(res.headers.get('content-security-policy')).toBeNull();
    }
  });
});
