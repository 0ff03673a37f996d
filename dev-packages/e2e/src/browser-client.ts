import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ENTRY = fileURLToPath(new URL('../clients/browser-entry.mjs', import.meta.url));

// Debian's Chromium; playwright cannot download its own browser here. These flags keep it from
// calling out to Google services and from needing a GPU or a sandbox inside containers.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserRun {
  /** Event ids the SDK returned, in the order A, B, A. */
  ids: string[];
  /** Whether Sentry.flush() finished before its timeout. */
  flushed: boolean;
  /** Console errors and page errors, for a failing test to show. */
  pageErrors: string[];
}

/** Bundles the browser entry (with @sentry/browser) into one script, as an app's build would. */
export async function bundleBrowserEntry(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * Serves a page with the bundled @sentry/browser app from its own 127.0.0.1 origin, opens it in
 * headless Chromium and runs the A, B, A scenario with the given DSN (so every event goes to the
 * ingest server cross-origin, as it does from a real site).
 */
export async function runBrowserClient(dsn: string, options: { timeoutMs: number }): Promise<BrowserRun> {
  const bundle = await bundleBrowserEntry();
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>e2e</title>
<script>window.E2E_DSN = ${JSON.stringify(dsn)};</script><script src="/bundle.js"></script></head><body></body></html>`;
  const site = createServer((req, res) => {
    if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const { port } = site.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: options.timeoutMs,
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(options.timeoutMs);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    // page.evaluate has no timeout of its own; the browser is closed below whichever way this ends.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`browser scenario took over ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    });
    const scenario = page.evaluate(() =>
      (window as unknown as { e2e: { run(): Promise<{ ids: string[]; flushed: boolean }> } }).e2e.run(),
    );
    // If the timeout wins, closing the browser rejects the scenario later: that is expected.
    scenario.catch(() => {});
    try {
      const run = await Promise.race([scenario, timeout]);
      return { ...run, pageErrors };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  }
}
