// The tracker stops; errors captured meanwhile wait in the SDK's disk spool; the tracker starts again
// and the next start of the application delivers them.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectWithKey, loadConfig, type RunningServer, startServer } from '@faultline/server';
import { afterAll, expect, it } from 'vitest';
import { waitFor } from '../../src/wait.js';
import { bundleShop, type ShopProcess, startShop } from './app-process.js';

const dir = mkdtempSync(join(tmpdir(), 'fl-sdk-spool-e2e-'));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

function start(port: number): Promise<RunningServer> {
  const config = loadConfig({
    flags: { port, dataDir: join(dir, 'data'), logLevel: 'warn', digestIdleMs: 20 },
    env: {},
  });
  return startServer({ config });
}

it('delivers events captured while the tracker was down once it is back (across an app restart)', async () => {
  const bundle = await bundleShop();
  const spoolDir = join(dir, 'spool');
  const first = await start(0);
  const port = first.port;
  const { project, dsn } = await createProjectWithKey(first.storage, 'spool', first.url);
  await first.close();

  const env = { FRAMEWORK: 'express', FAULTLINE_DSN: dsn, SPOOL_DIR: spoolDir };
  const down: ShopProcess = await startShop(bundle, env);
  cleanups.push(() => down.stop());
  for (let i = 0; i < 2; i++) {
    expect((await fetch(`http://127.0.0.1:${down.port}/checkout?total=900&coupon=NONE`)).status).toBe(500);
  }
  await waitFor(async () => (readdirSync(spoolDir).length === 2 ? true : undefined), {
    timeoutMs: 10_000,
    describe: () => `${readdirSync(spoolDir).length} spooled files`,
  });
  await down.stop();

  const again = await start(port);
  cleanups.push(() => again.close());
  const up = await startShop(bundle, env);
  cleanups.push(() => up.stop());
  const issue = await waitFor(
    async () => {
      const [found] = (await again.storage.listIssues({ projectIds: [project.id] })).items;
      return found && found.eventCount >= 2 ? found : undefined;
    },
    { timeoutMs: 20_000, describe: () => 'an issue with both spooled events' },
  );
  expect(issue.title).toContain('cart total 900');
  expect(readdirSync(spoolDir)).toEqual([]);
});
