// Security in a real browser: a hostile event renders without running anything, a forged cross-site
// form is refused, and repeated wrong passwords lock sign-in for a while.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../../../packages/server/src/auth/index.js';
import { hostileEvent } from '../../../../packages/server/src/web/test-hostile.js';
import { seedEvent } from '../../../../packages/server/src/web/test-web.js';
import { ADMIN, launchChromium, startUiServer, type UiServer } from './ui-server.js';

let server: UiServer;
let browser: Browser;

interface Watch {
  page: Page;
  problems: string[];
}

/** A signed-in page that records dialogs, console errors, page errors and CSP violations. */
async function signedInPage(): Promise<Watch> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('reportViolation', (what: string) => problems.push(`csp: ${what}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(s: string): void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  await page.goto(`${server.url}/login`);
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/issues$/);
  return { page, problems };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startUiServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('renders a hostile event as text: no script runs, no dialog opens, no CSP violation fires', async () => {
  const issueId = await seedEvent(server.storage, server.project.id, hostileEvent(), {
    title: '<script>alert("title")</script><img src=x onerror=alert(2)>\u202Eevil',
    culprit: 'javascript:alert(3)',
  });
  const { page, problems } = await signedInPage();
  await page.goto(`${server.url}/issues`);
  await page.goto(`${server.url}/issues/${issueId}`);
  // Open every fold, hover every link: hidden content gets its chance to misbehave too.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  const text = (await page.textContent('main')) ?? '';
  expect(text).toContain('<script>alert("xss")</script>');
  expect(text).toContain('javascript:alert(document.domain)//');
  expect(await page.locator('main img, main iframe, main script').count()).toBe(0);
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
  await page.waitForTimeout(300);
  expect(problems).toEqual([]);
  // Control: the watcher does see a violation when one happens (an inline handler the CSP blocks).
  await page.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="alert(1)">'),
  );
  await expect.poll(() => problems.some((p) => p.startsWith('csp: script-src'))).toBe(true);
  expect(problems.some((p) => p.startsWith('dialog'))).toBe(false);
  await page.context().close();
});

let attacker: Server | undefined;
afterAll(() => new Promise<void>((r) => (attacker ? attacker.close(() => r()) : r())));

it('refuses a forged form posted from another origin, even one on the same host', async () => {
  const { page } = await signedInPage();
  attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><form id="f" method="post" action="${server.url}/projects"><input name="name" value="forged"></form>
      <script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((r) => attacker!.listen(0, '127.0.0.1', () => r()));
  const port = (attacker.address() as AddressInfo).port;
  const response = page.waitForResponse(
    (r) => r.url() === `${server.url}/projects` && r.request().method() === 'POST',
  );
  await page.goto(`http://127.0.0.1:${port}/`);
  const res = await response;
  expect(res.status()).toBe(403);
  await page.waitForLoadState('load');
  expect(await page.textContent('main')).toContain('FL_UI_CSRF');
  expect((await server.storage.listProjects()).map((p) => p.name)).not.toContain('forged');
  await page.context().close();
});

it('locks sign-in for an account after repeated wrong passwords', async () => {
  await server.storage.createUser({
    email: 'victim@example.test',
    passwordHash: await hashPassword('victim-password'),
    isAdmin: false,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const attempt = async (password: string) => {
    await page.goto(`${server.url}/login`);
    await page.fill('#email', 'victim@example.test');
    await page.fill('#password', password);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    return res.status();
  };
  for (let i = 0; i < 10; i++) expect(await attempt(`guess-${i}`)).toBe(401);
  expect(await attempt('victim-password')).toBe(429);
  expect(await page.textContent('[role=alert]')).toContain('Too many failed sign-in attempts');
  await context.close();
});
