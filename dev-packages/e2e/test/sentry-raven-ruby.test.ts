// Debian's legacy sentry-raven (raven-ruby 3): /store/ with a base64(zlib) body, sentry_version=5.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runClient } from '../src/clients.js';
import { expectAbaStored } from '../src/expect-aba.js';
import { type Harness, startHarness } from '../src/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

it('stores raven-ruby errors with stacks: A twice is one issue counted 2, B another', async () => {
  const ids = await runClient('sentryRaven', harness.dsn);
  expect(ids).toHaveLength(3);
  await expectAbaStored(harness, ids, {
    types: ['ArgumentError', 'KeyError'],
    functions: ['charge_card', 'load_profile'],
  });
});
