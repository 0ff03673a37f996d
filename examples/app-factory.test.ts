import { afterEach, expect, it } from 'vitest';
import { createApp } from './app-factory.js';
import { type Running, start } from './test-client.js';

let running: Running | undefined;
afterEach(() => running?.close());

const silent = { error: () => {} };

it('serves JSON errors from the api blueprint with the default config', async () => {
  const { app, errorApp } = createApp();
  errorApp.logger = silent;
  running = await start(app);
  expect(await (await running.get('/api/items/1')).json()).toEqual({ id: 1, name: 'anvil' });
  const missing = await running.get('/api/items/2');
  expect([missing.status, await missing.json()]).toEqual([404, { error: 'No such item.' }]);
  const boom = await running.get('/api/boom');
  expect([boom.status, await boom.json()]).toEqual([500, { error: 'internal error' }]);
});

it('lets TESTING propagate the error to Express instead of the 500 handler', async () => {
  const { app, errorApp } = createApp({ TESTING: true });
  expect(errorApp.settings.testing).toBe(true);
  running = await start(app);
  const boom = await running.get('/api/boom');
  expect(boom.status).toBe(500);
  expect(await boom.text()).toContain('the database is on fire');
});

it('ignores lower-case config keys, as Flask does', () => {
  const { errorApp } = createApp({ testing: true });
  expect(errorApp.settings.testing).toBe(false);
});
