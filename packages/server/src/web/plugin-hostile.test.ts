// Hostile event data: the issue page and the list must render, escaped and bounded.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileEvent } from './test-hostile.js';
import { Client, createUser, makeWebApp, seedEvent, type WebTestApp } from './test-web.js';

let t: WebTestApp;
let c: Client;
let issueId: number;
beforeAll(async () => {
  t = await makeWebApp();
  await createUser(t.storage, 'admin@example.test', 'admin-password', true);
  c = new Client(t.app);
  await c.login('admin@example.test', 'admin-password');
  const project = await t.storage.createProject({ name: 'hostile' });
  issueId = await seedEvent(t.storage, project.id, hostileEvent(), {
    title: '<script>alert("title")</script>\u202Eevil\u0000',
    culprit: 'javascript:alert(1)',
    tags: [['<b>k</b>', '<script>v</script>']],
  });
});
afterAll(async () => {
  await t.close();
});

/** Every tag the page opens, by name. */
function tagNames(page: string): Set<string> {
  return new Set([...page.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

function checkPage(page: string): void {
  // Our only script is the external /static/app.js; no other script, image, frame or event handler.
  expect(page.match(/<script/gi)).toHaveLength(1);
  expect(page).toContain('<script src="/static/app.js" defer></script>');
  for (const tag of ['img', 'iframe', 'object', 'embed', 'base', 'style'])
    expect(tagNames(page).has(tag)).toBe(false);
  expect(page).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(page).not.toMatch(/(href|src|action)\s*=\s*"\s*javascript:/i);
  expect(page).not.toContain('\u0000');
  expect(page).not.toContain('\u202E');
}

describe('hostile events', () => {
  it('renders the issue page escaped, without raw control or bidi characters, and bounded in size', async () => {
    const res = await c.get(`/issues/${issueId}`);
    expect(res.statusCode).toBe(200);
    checkPage(res.body);
    expect(res.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(res.body).toContain('\\u{202e}');
    expect(res.body).toContain('too deep to show');
    expect(res.body).toContain('older frames not shown');
    // A 1 MB message, 300 frames and thousands of keys must not turn into a page of many megabytes.
    expect(res.body.length).toBeLessThan(3 * 1024 * 1024);
  });
  it('renders the issue list escaped', async () => {
    const res = await c.get('/issues');
    expect(res.statusCode).toBe(200);
    checkPage(res.body);
    expect(res.body).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
  });
  it('serves the raw event whole, as an attachment that browsers do not render', async () => {
    const page = (await c.get(`/issues/${issueId}`)).body;
    const url = /href="(\/issues\/\d+\/events\/\d+\/raw\.json)"/.exec(page)![1]!;
    const res = await c.get(url);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(res.body).exception.values[0].value.length).toBeGreaterThan(1024 * 1024);
  });
});
