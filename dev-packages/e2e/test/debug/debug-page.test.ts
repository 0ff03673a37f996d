import { faultline } from '@faultline/errors/express';
import { type RunningApp, run } from '@faultline/sdk/dev';
import express from 'express';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/browser-client.js';
import { screenshotPath } from '../ui/screenshot-dir.js';
import { checkout } from './checkout-route.js';

const SCREENSHOT = screenshotPath('debug-page.png');
const FORM = `<!doctype html><form method="post" action="/checkout?step=pay">
<input name="sku" value="mug"><input name="qty" value="2"><input name="coupon" value="SUMMER&lt;3">
<button>Pay</button></form>`;

let browser: Browser;
let server: RunningApp;

beforeAll(async () => {
  const app = express();
  faultline(app);
  app.get('/', (_req, res) => {
    res.type('html').send(FORM);
  });
  app.post('/checkout', express.urlencoded({ extended: false }), (req, res) => {
    const { sku = '', qty = '0', coupon = '' } = req.body as Record<string, string | undefined>;
    res.json({ total: checkout({ items: [{ sku, qty: Number(qty), price: 12.5 }], coupon }) });
  });
  server = await run(app, { port: 0, debug: true, useReloader: false, env: {}, log: () => {} });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the debug page in Chromium', () => {
  it('renders under its CSP with styles and the copy script, library frames folded; saved as a screenshot', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(server.url);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(response?.status()).toBe(500);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'nonce-/);

    expect(await page.textContent('h1')).toBe('Error');
    expect(await page.textContent('header p')).toBe('Checkout failed for 1 items');
    // The nonce'd stylesheet applied (the header is painted), so the CSP lets our own style through.
    expect(await page.$eval('header', (el) => getComputedStyle(el).backgroundColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    );
    // App frames open, mapped to the .ts file; library frames folded in closed <details>.
    const appFrames = await page.$$eval('.frame.app .loc', (els) => els.map((e) => e.textContent ?? ''));
    expect(appFrames.some((loc) => /checkout-route\.ts:23:\d+$/.test(loc))).toBe(true);
    const folded = page.locator('details.folded').first();
    expect(await folded.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await folded.locator('.frame.library').first().isVisible()).toBe(false);
    await folded.locator('summary').click();
    expect(await folded.locator('.frame.library').first().isVisible()).toBe(true);
    await folded.locator('summary').click();
    // Variables of the failing frame, and the form body in the request section.
    const failing = page.locator('.frame.app', { has: page.locator('.fn', { hasText: 'applyCoupon' }) });
    const vars = await failing.locator('table.vars').textContent();
    expect(vars).toContain('coupon"SUMMER<3"');
    expect(vars).toContain('total29.9');
    expect(await page.textContent('#request')).toContain('"coupon": "SUMMER<3"');
    expect(await page.textContent('#request')).toContain('content-typeapplication/x-www-form-urlencoded');
    // The copy button's script ran (allowed by nonce) and put the traceback on the clipboard.
    await page.click('#copy');
    await page.waitForFunction(() => document.getElementById('copy')?.textContent === 'Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Error: Checkout failed for 1 items\n {4}at checkout \(.*checkout-route\.ts:/);
    // No CSP refusal ("Refused to apply inline style…") and no script error; the 500 itself and the
    // missing favicon are the only failed loads.
    expect(problems.filter((p) => !p.startsWith('Failed to load resource'))).toEqual([]);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    await context.close();
  });
});
