// The new user's path from README.md's Quick start, end to end and literally: a fresh server started
// by the CLI, the set-up page and a project in Chromium, the DSN read off the project page, an alert
// rule made in the UI, README's own snippet run as an app, its failing route hit, and the issue read
// in the UI with its stack, source line and local variable; then 50 more errors: one new-issue mail
// and one from the threshold rule, not fifty.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SmtpInbox, startSmtpInbox } from '@faultline/test-utils/smtp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../src/server-process.js';
import { launchChromium } from '../ui/ui-server.js';
import { type ReadmeApp, readmeSnippet, startReadmeApp } from './readme-app.js';

const ADMIN = { email: 'me@example.com', password: 'correct-horse-1' };
const TITLE = 'Error: cannot charge ord-1042';

let dataDir: string;
let inbox: SmtpInbox;
let server: ServerProcess;
let browser: Browser;
let page: Page;
let app: ReadmeApp | undefined;
const problems: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fl-user-path-'));
  inbox = await startSmtpInbox();
  [server, browser] = await Promise.all([
    startServerProcess({
      dataDir,
      env: { FAULTLINE_SMTP_URL: `smtp://127.0.0.1:${inbox.port}`, FAULTLINE_ALERT_POLL_MS: '200' },
    }),
    launchChromium(),
  ]);
  page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await browser?.close();
  await server?.stop();
  await inbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Reloads `path` until `read` finds what it looks for (bounded), like a user pressing F5. */
async function poll<T>(path: string, read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto(`http://127.0.0.1:${server.port}${path}`);
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The event count the issue list shows for the README app's issue, once it is `want`. */
async function issueCount(want: string): Promise<void> {
  await poll(
    '/issues',
    async () => {
      const row = page.locator('main tbody tr', { hasText: TITLE });
      if ((await row.count()) !== 1) return undefined;
      return (await row.locator('td.num').first().textContent()) === want ? true : undefined;
    },
    `the issue list to show ${want} events`,
  );
}

async function hitBoom(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${app!.url}/boom`);
    await res.arrayBuffer();
    expect(res.status).toBe(500);
  }
}

it('goes from a fresh server to an issue with stack and locals, and two mails (new issue, threshold) for 52 errors', async () => {
  const base = `http://127.0.0.1:${server.port}`;
  // 1. A new server sends the first visitor to the set-up page.
  await page.goto(base);
  expect(new URL(page.url()).pathname).toBe('/setup');
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await page.click('main button[type=submit]');
  await page.waitForURL(`${base}/projects`);

  // 2. Create a project; its page shows the DSN.
  await page.click('main a:text-is("New project")');
  await page.fill('#name', 'my-app');
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/projects\/\d+\/settings$/);
  const dsn = (await page.locator('code.dsn').first().textContent())?.trim() ?? '';
  expect(dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:${server.port}/\\d+$`));

  // 5 (before the error, as README says). Alerts → Manage alerts → a "new issue" rule mailing members.
  await page.click('nav a:text-is("Alerts")');
  await page.click('main a:text-is("Manage alerts")');
  await page.fill('#name', 'New issues');
  await page.selectOption('#trigger', 'new_issue');
  await page.click('main button:text-is("Create rule")');
  await page.waitForLoadState('load');
  const alertsPath = new URL(page.url()).pathname;
  expect(await page.locator('main tbody tr', { hasText: 'New issues' }).textContent()).toContain(
    'email project members',
  );
  // And a threshold rule: docs/alerts.md says it alerts once per issue and throttle interval.
  await page.fill('#name', 'Busy');
  await page.selectOption('#trigger', 'frequency');
  await page.fill('#threshold', '10');
  await page.fill('#windowMinutes', '60');
  await page.click('main button:text-is("Create rule")');
  await page.waitForLoadState('load');
  expect(await page.locator('main tbody tr', { hasText: 'Busy' }).textContent()).toContain(
    'more than 10 events in 60 min',
  );

  // 3. README's snippet, as written, with the DSN from the page; its failing route, twice.
  expect(readmeSnippet()).toContain("app.get('/boom', chargeOrder)");
  app = await startReadmeApp(dsn);
  await hitBoom(2);

  // 4. One issue, count 2, the snippet's frame with its source line and the `order` variable.
  await issueCount('2');
  expect(await page.locator('main tbody tr').count()).toBe(1);
  await page.click(`main a:text-is("${TITLE}")`);
  await page.waitForURL(/\/issues\/\d+$/);
  const frame = page.locator('details.frame.app[open]').first();
  expect(await frame.locator('summary').textContent()).toMatch(/app\.ts:\d+:\d+ in chargeOrder/);
  const throwLine = readmeSnippet()
    .split('\n')
    .find((line) => line.includes('throw new Error('))
    ?.trim();
  expect(throwLine).toBeDefined();
  expect(await frame.textContent()).toContain(throwLine);
  const order = frame.locator('.vars table.kv > tbody > tr, .vars table.kv > tr').filter({
    has: page.locator('th:text-is("order")'),
  });
  expect(await order.count()).toBe(1);
  expect(await order.textContent()).toMatch(/ord-1042[\s\S]*42\.5/);

  // 5. Fifty more of the same error: still one issue, and one mail, not fifty.
  await hitBoom(50);
  await issueCount('52');
  const states = await poll(
    alertsPath,
    async () => {
      const badges = await page.locator('main tbody tr span.badge').allTextContents();
      return badges.length > 0 && !badges.includes('pending') ? badges : undefined;
    },
    'the alert deliveries to settle',
  );
  expect(states).toEqual(['sent', 'sent']);
  expect(inbox.mails.map((m) => m.subject).sort()).toEqual([
    `[my-app] Frequent issue: ${TITLE}`,
    `[my-app] New issue: ${TITLE}`,
  ]);
  for (const mail of inbox.mails) expect(mail.to).toEqual([ADMIN.email]);
  expect(problems).toEqual([]);
}, 90_000);
