import { afterEach, expect, it } from 'vitest';
import { createApp, InsufficientStorage } from './insufficient-storage.js';
import { type Running, start } from './test-client.js';

let running: Running | undefined;
afterEach(() => running?.close());

it('raises the custom 507 and answers through its registered handler', async () => {
  running = await start(createApp(4));
  const full = await running.get('/upload', { method: 'POST', body: 'more than four bytes' });
  expect(full.status).toBe(507);
  expect(await full.json()).toEqual({ error: 'Insufficient Storage', detail: 'Not enough storage space.' });
  const fits = await running.get('/upload', { method: 'POST', body: 'ok' });
  expect([fits.status, await fits.text()]).toEqual([201, 'stored']);
});

it('renders the default page for the class when no handler is registered', () => {
  expect(new InsufficientStorage().getBody()).toContain('<title>507 Insufficient Storage</title>');
  expect(String(new InsufficientStorage())).toBe('507 Insufficient Storage: Not enough storage space.');
});
