// A populated issue list for the docs: several issues with different levels, counts and activity
// over the last day, seeded straight into storage, then checked and photographed in Chromium.

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedEvent } from '../../../../packages/server/src/web/test-web.js';
import { ADMIN, launchChromium, SCREENSHOTS, startUiServer, type UiServer } from './ui-server.js';

let server: UiServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const HOUR = 3600_000;
const ISSUES: Array<{
  title: string;
  culprit: string;
  level: 'error' | 'warning' | 'fatal';
  events: number;
  spreadHours: number;
}> = [
  {
    title: "TypeError: Cannot read properties of undefined (reading 'id')",
    culprit: 'loadProfile(src/profile.ts)',
    level: 'error',
    events: 64,
    spreadHours: 20,
  },
  {
    title: 'Error: Card declined for order ord-1042',
    culprit: 'chargeCard(src/payments/charge.ts)',
    level: 'error',
    events: 31,
    spreadHours: 6,
  },
  {
    title: 'ECONNREFUSED 10.0.4.12:5432',
    culprit: 'connect(node_modules/pg/lib/client.js)',
    level: 'fatal',
    events: 12,
    spreadHours: 2,
  },
  {
    title: 'Slow checkout: 4.2 s',
    culprit: 'POST /api/checkout',
    level: 'warning',
    events: 22,
    spreadHours: 23,
  },
  {
    title: 'RangeError: Invalid time value',
    culprit: 'formatDate(src/util/date.ts)',
    level: 'error',
    events: 5,
    spreadHours: 12,
  },
];

it('shows a busy issue list with charts, counts and levels', async () => {
  const now = Date.now();
  for (const [n, issue] of ISSUES.entries()) {
    for (let i = 0; i < issue.events; i++) {
      const at = now - Math.floor((((i * 7919) % 1000) / 1000) * issue.spreadHours * HOUR) - n * 60_000;
      await seedEvent(
        server.storage,
        server.project.id,
        { environment: 'production', release: 'shop@1.4.2' },
        {
          group: `shot-${n}`,
          title: issue.title,
          culprit: issue.culprit,
          level: issue.level,
          timestamp: at,
          userKey: `id:u-${i % 9}`,
        },
      );
    }
  }
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(`${server.url}/login`);
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/issues$/);
  await page.goto(`${server.url}/issues?project=${server.project.id}&sort=events`);
  const titles = await page.locator('.issue-title a').allTextContents();
  expect(titles).toEqual([...ISSUES].sort((a, b) => b.events - a.events).map((i) => i.title));
  await page.screenshot({ path: join(SCREENSHOTS, 'issue-list-busy.png') });
  await page.context().close();
});
