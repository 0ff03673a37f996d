// The whole path in a real browser: sign in, a real @sentry/node error with local variables arrives
// through ingest and digest, we find it in the list, read its stack and variables, resolve it, the
// error happens again and the issue comes back as a regression. Screenshots: see screenshot-dir.ts.

import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN,
  launchChromium,
  SCREENSHOTS,
  sendNodeError,
  startUiServer,
  type UiServer,
  waitFor,
} from './ui-server.js';

let server: UiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer(), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} at ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('takes a real @sentry/node error from the SDK to a resolved issue and back as a regression', async () => {
  await page.goto(`${server.url}/issues`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/issues`);
  expect(await page.textContent('main')).toContain('No errors yet');

  const eventId = await sendNodeError(server.dsn);
  await waitFor(
    async () => server.storage.getEvent(server.project.id, eventId),
    'the first event to be digested',
  );

  await page.goto(`${server.url}/issues?project=${server.project.id}`);
  const link = page.locator('a', { hasText: 'Card declined for order' });
  await expect(link.count()).resolves.toBe(1);
  await page.screenshot({ path: join(SCREENSHOTS, 'issue-list.png') });
  await link.click();
  await page.waitForURL(/\/issues\/\d+$/);

  const main = page.locator('main');
  await expect(main.textContent()).resolves.toContain('Card declined for order ord-1042');
  // The crashing frame is open, with its source line and its local variables.
  const crashFrame = page.locator('details.frame.app[open]').first();
  await expect(crashFrame.locator('summary').textContent()).resolves.toContain('chargeCard');
  const frameText = (await crashFrame.textContent()) ?? '';
  expect(frameText).toContain('throw new Error(');
  expect(frameText).toContain('Local variables');
  expect(frameText).toContain('acme-pay');
  expect(frameText).toContain('4250');
  await expect(main.textContent()).resolves.toContain('shop@1.4.2');
  await page.screenshot({ path: join(SCREENSHOTS, 'issue-page.png'), fullPage: true });

  await page.click('button:text-is("Resolve")');
  await page.waitForLoadState('load');
  await expect(page.locator('.badge.resolved').first().textContent()).resolves.toMatch(/resolved/i);
  const issueId = Number(/\/issues\/(\d+)/.exec(page.url())![1]);
  expect((await server.storage.getIssue(issueId))!.status).toBe('resolved');

  const again = await sendNodeError(server.dsn);
  await waitFor(
    async () => server.storage.getEvent(server.project.id, again),
    'the second event to be digested',
  );
  await page.goto(`${server.url}/issues?project=${server.project.id}`);
  const row = page.locator('tr', { hasText: 'Card declined for order' });
  await expect(row.locator('.badge.regression').textContent()).resolves.toBe('regression');
  await expect(row.locator('td.num').first().textContent()).resolves.toBe('2');
  await page.screenshot({ path: join(SCREENSHOTS, 'issue-list-regression.png') });

  await page.goto(`${server.url}/projects/${server.project.id}/settings`);
  await expect(page.textContent('main')).resolves.toContain(`faultline send-test-event ${server.dsn}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'project-settings.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${server.url}/issues/${issueId}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'issue-page-dark.png') });
  expect(problems).toEqual([]);
});
