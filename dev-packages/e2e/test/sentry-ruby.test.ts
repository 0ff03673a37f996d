// Debian's sentry-ruby 5: envelopes with an empty Content-Encoding and the DSN in the envelope header.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runClient } from '../src/clients.js';
import { expectAbaStored } from '../src/expect-aba.js';
import { type Harness, startHarness } from '../src/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

it('stores sentry-ruby errors with stacks: A twice is one issue counted 2, B another', async () => {
  const ids = await runClient('sentryRuby', harness.dsn);
  expect(ids).toHaveLength(3);
  await expectAbaStored(harness, ids, {
    types: ['ArgumentError', 'KeyError'],
    functions: ['charge_card', 'load_profile'],
  });
});

// Over the SDK's size threshold the body is gzipped: a second server, so counts start from zero.
it('stores the same errors sent as gzipped bodies (events over 30 KiB)', async () => {
  const big = await startHarness();
  try {
    const ids = await runClient('sentryRuby', big.dsn, { env: { E2E_PADDING_BYTES: String(40 * 1024) } });
    await expectAbaStored(big, ids, {
      types: ['ArgumentError', 'KeyError'],
      functions: ['charge_card', 'load_profile'],
    });
    const [first] = await big.waitForEvents(ids.slice(0, 1));
    expect(String((first!.data.extra as { padding?: string } | undefined)?.padding ?? '').length).toBe(
      40 * 1024,
    );
  } finally {
    await big.close();
  }
});
