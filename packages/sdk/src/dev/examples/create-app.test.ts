import { afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, run } from '../run.js';
import { createApp } from './create-app.js';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const serve = (app: object) => run(app, { port: 0, useReloader: false, env: {}, log: () => {} });

describe('the create_app(config="config.yaml") example', () => {
  it('reads config.yaml: DEBUG from the file gives the debug page under run()', async () => {
    running = await serve(createApp());
    expect(await (await fetch(running.url)).text()).toBe('Hello from config.yaml');
    const missing = await fetch(`${running.url}/missing`);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'nothing here' }]);
    const boom = await fetch(`${running.url}/boom`);
    const html = await boom.text();
    expect(boom.status).toBe(500);
    expect(html).toContain('Could not connect to sqlite://./app.db');
    expect(html).toMatch(/examples\/create-app\.ts:\d+:\d+/);
  });

  it('lets a test mapping override the file (DEBUG: false: the plain 500 page)', async () => {
    running = await serve(createApp('config.yaml', { DEBUG: false, GREETING: 'test' }));
    expect(await (await fetch(running.url)).text()).toBe('test');
    const boom = await fetch(`${running.url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain('sqlite');
  });
});
