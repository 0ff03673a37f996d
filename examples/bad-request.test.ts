import { afterEach, expect, it } from 'vitest';
import { createApp } from './bad-request.js';
import { type Running, start } from './test-client.js';

let running: Running | undefined;
afterEach(() => running?.close());

it('answers "bad request!" with 400 when the name is missing, and greets otherwise', async () => {
  running = await start(createApp());
  const bad = await running.get('/greet');
  expect([bad.status, await bad.text()]).toEqual([400, 'bad request!']);
  const good = await running.get('/greet?name=Ada');
  expect([good.status, await good.text()]).toEqual([200, 'Hello, Ada!']);
});
