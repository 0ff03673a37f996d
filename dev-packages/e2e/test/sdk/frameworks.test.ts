// The SDK end to end: a TypeScript shop bundled with a source map, on Express, Fastify, Hono and Koa with
// @faultline/errors and the reporter attached, reporting to a real Faultline server.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/harness.js';
import { waitFor } from '../../src/wait.js';
import { bundleShop, type ShopProcess, startShop } from './app-process.js';

const SOURCE = resolve(import.meta.dirname, 'apps/shop-app.ts');
// The line of the throw in the TypeScript source, found rather than hard-coded.
const THROW_LINE =
  readFileSync(SOURCE, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('throw new Error(`cart total')) + 1;
let bundle: string;
beforeAll(async () => {
  bundle = await bundleShop();
});

interface Frame {
  abs_path?: string;
  function?: string;
  lineno?: number;
  in_app?: boolean;
  context_line?: string;
  pre_context?: string[];
  vars?: Record<string, unknown>;
}

describe.each(['express', 'fastify', 'hono', 'koa'])('%s shop', (framework) => {
  let harness: Harness;
  let shop: ShopProcess;
  beforeAll(async () => {
    harness = await startHarness();
    shop = await startShop(bundle, { FRAMEWORK: framework, FAULTLINE_DSN: harness.dsn });
  });
  afterAll(async () => {
    await shop?.stop();
    await harness?.close();
  });

  it('stores TypeScript-mapped frames with source context and local variables; the same error twice is one issue', async () => {
    const base = `http://127.0.0.1:${shop.port}`;
    expect((await fetch(`${base}/checkout?total=20&coupon=HALF`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/checkout?total=500&coupon=HALF`, {
        headers: { authorization: 'Bearer t0p' },
      });
      expect(res.status).toBe(500);
    }
    const [issue] = await harness.waitForIssues(1);
    const stored = await waitFor(
      async () => {
        const page = await harness.storage.listEvents(issue!.id, { limit: 10 });
        return page.items.length >= 2 ? page.items : undefined;
      },
      { timeoutMs: 15_000, describe: () => 'two events in the issue' },
    );
    expect((await harness.storage.listIssues({ projectIds: [harness.projectId] })).items).toHaveLength(1);
    expect((await harness.storage.getIssue(issue!.id))!.eventCount).toBe(2);
    expect(issue!.title).toContain('cart total 500 is over the limit');

    const data = stored[0]!.data as {
      exception: { values: { type: string; stacktrace: { frames: Frame[] } }[] };
      request: { url: string; headers: Record<string, string> };
      release: string;
      environment: string;
    };
    expect(data).toMatchObject({ release: 'shop@1.0.0', environment: 'e2e' });
    expect(data.request.url).toMatch(/\/checkout$/);
    expect(data.request.headers.authorization).toBe('[Filtered]');
    const frames = data.exception.values.at(-1)!.stacktrace.frames;
    const top = frames.at(-1)!;
    expect(top).toMatchObject({ abs_path: SOURCE, function: 'priceCart', lineno: THROW_LINE, in_app: true });
    expect(top.context_line).toContain('throw new Error(`cart total');
    expect(top.pre_context).toContain('  if (cart.total > 100) {');
    expect(top.vars).toMatchObject({ cart: { items: 3, total: 500 }, coupon: 'HALF', discount: 0.5 });
    const caller = frames.findLast((f) => f.function === 'checkout')!;
    expect(caller).toMatchObject({
      abs_path: SOURCE,
      in_app: true,
      vars: { cart: { items: 3, total: 500 } },
    });
  });
});
