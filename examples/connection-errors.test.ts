/// <reference types="node" />
import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createApp } from './connection-errors.js';
import { type Running, start } from './test-client.js';

let running: Running | undefined;
afterEach(() => running?.close());

// A port that was just free: listen on 0, note the port, close.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('sends a real ECONNREFUSED to the more specific ConnectionRefusedError handler', async () => {
  running = await start(createApp(await closedPort()));
  const refused = await running.get('/refused');
  expect([refused.status, await refused.text()]).toEqual([503, 'upstream refused (ECONNREFUSED)']);
});

it('sends other connection errors to the ConnectionError handler', async () => {
  running = await start(createApp(await closedPort()));
  const reset = await running.get('/reset');
  expect([reset.status, await reset.text()]).toEqual([502, 'connection trouble: ConnectionResetError']);
});
