// Debian's python3-sentry-sdk 1.9 in a Flask app: /store/ with gzip bodies, X-Sentry-Auth; the route raises ZeroDivisionError.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runClient } from '../src/clients.js';
import { expectAbaStored } from '../src/expect-aba.js';
import { type Harness, startHarness } from '../src/harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

it('stores Flask route errors from sentry-python with stacks: ZeroDivisionError twice is one issue counted 2', async () => {
  const ids = await runClient('pythonFlask', harness.dsn);
  expect(ids).toHaveLength(3);
  await expectAbaStored(harness, ids, {
    types: ['ZeroDivisionError', 'KeyError'],
    functions: ['divide', 'lookup'],
  });
});
