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

// Over the SDK's size threshold the body is gzipped: a second server, so counts start from zero.
it('stores the same errors sent as gzipped bodies (events over 30 KiB)', async () => {
  const big = await startHarness();
  try {
    const ids = await runClient('sentryNode', big.dsn, { env: { E2E_PADDING_BYTES: String(40 * 1024) } });
    await expectAbaStored(big, ids, {
      types: ['Error', 'TypeError'],
      functions: ['chargeCard', 'loadProfile'],
    });
    const [first] = await big.waitForEvents(ids.slice(0, 1));
    expect(String((first!.data.extra as { padding?: string } | undefined)?.padding ?? '').length).toBe(
      40 * 1024,
    );
  } finally {
    await big.close();
  }
});

// A DSN may carry a path prefix (a tracker behind a reverse proxy at /tracker): SDKs put it before
// /api/<project>/, and the server must route it all the same.
it('accepts events sent to a DSN with a path prefix', async () => {
  const prefixed = await startHarness();
  try {
    const dsn = prefixed.dsn.replace(/\/(\d+)$/, '/tracker/$1');
    const ids = await runClient('sentryNode', dsn);
    await expectAbaStored(prefixed, ids, {
      types: ['Error', 'TypeError'],
      functions: ['chargeCard', 'loadProfile'],
    });
  } finally {
    await prefixed.close();
  }
});
