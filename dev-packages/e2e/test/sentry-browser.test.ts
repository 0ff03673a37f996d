// @sentry/browser bundled by esbuild, in headless Chromium, on a page served from another
// 127.0.0.1 origin: text/plain envelopes sent with fetch across origins (CORS on the answers).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBrowserClient } from '../src/browser-client.js';
import { expectAbaStored } from '../src/expect-aba.js';
import { type Harness, startHarness } from '../src/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

it('stores @sentry/browser errors with stacks: A twice is one issue counted 2, B another', async () => {
  const run = await runBrowserClient(harness.dsn, { timeoutMs: 20_000 });
  // A failed cross-origin send shows up as a console error in the page (CORS or status).
  expect(run.pageErrors).toEqual([]);
  expect(run.flushed).toBe(true);
  await expectAbaStored(harness, run.ids, {
    types: ['Error', 'TypeError'],
    functions: ['chargeCard', 'loadProfile'],
  });
});
