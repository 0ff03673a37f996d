// @sentry/node (latest) in a child process: envelopes with query-string auth, no Content-Type, chunked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runClient } from '../src/clients.js';
import { expectAbaStored } from '../src/expect-aba.js';
import { type Harness, startHarness } from '../src/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

it('stores @sentry/node errors with stacks: A twice is one issue counted 2, B another', async () => {
  const ids = await runClient('sentryNode', harness.dsn);
  expect(ids).toHaveLength(3);
  await expectAbaStored(harness, ids, {
    types: ['Error', 'TypeError'],
    functions: ['chargeCard', 'loadProfile'],
  });
});
