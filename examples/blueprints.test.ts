import { Forbidden } from '@faultline/errors';
import { afterEach, expect, it } from 'vitest';
import { createApp } from './blueprints.js';
import { type Running, start } from './test-client.js';

let running: Running | undefined;
afterEach(() => running?.close());

it("uses the blueprint's handlers for its own views", async () => {
  running = await start(createApp());
  const secret = await running.get('/admin/secret');
  expect([secret.status, await secret.text()]).toEqual([403, 'admin 403: admins only']);
  const user = await running.get('/admin/users/7');
  expect([user.status, await user.text()]).toEqual([404, 'admin 404: no such user']);
});

it('gives an unrouted URL under the prefix to the application 404, not the blueprint', async () => {
  running = await start(createApp());
  const nope = await running.get('/admin/nope');
  expect([nope.status, await nope.text()]).toEqual([404, 'app 404: nothing at /admin/nope']);
});

it('leaves views outside the blueprint to the application (default page here)', async () => {
  running = await start(createApp());
  const secret = await running.get('/secret');
  expect([secret.status, await secret.text()]).toEqual([403, new Forbidden().getBody()]);
});
