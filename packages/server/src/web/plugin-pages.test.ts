// The pages through the real plugin over real SQLite: list, filters, issue page, actions, access.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../storage/types.js';
import { Client, createUser, makeWebApp, seedEvent, type WebTestApp } from './test-web.js';

let t: WebTestApp;
let admin: Client;
let project: Project;

const exceptionEvent = {
  platform: 'node',
  environment: 'production',
  release: 'shop@1.2.0',
  user: { id: 'u-42', email: 'dev@example.test' },
  exception: {
    values: [
      { type: 'TypeError', value: 'root cause' },
      {
        type: 'Error',
        value: 'Payment failed for user-123',
        mechanism: { type: 'generic', handled: false },
        stacktrace: {
          frames: [
            {
              filename: 'node:internal/process/task_queues',
              function: 'processTicksAndRejections',
              lineno: 95,
              in_app: false,
            },
            {
              filename: '/srv/app/node_modules/express/lib/router.js',
              function: 'handle',
              lineno: 10,
              in_app: false,
            },
            {
              filename: '/srv/app/checkout.js',
              function: 'level3',
              lineno: 21,
              colno: 7,
              in_app: true,
              pre_context: ['function level2() {}'],
              context_line: 'function level3(amount) { throw new Error("boom"); }',
              post_context: ['', 'module.exports = level3;'],
              vars: { amount: 42.5, code: 'SUMMER', cart: { items: 3 } },
            },
          ],
        },
      },
    ],
  },
  breadcrumbs: { values: [{ timestamp: 1764050000, category: 'http', message: 'GET /cart', level: 'info' }] },
  request: {
    method: 'POST',
    url: 'http://shop.test/checkout',
    query_string: 'a=1',
    headers: { 'User-Agent': 'curl/8' },
    data: { coupon: 'SUMMER' },
  },
  contexts: { runtime: { name: 'node', version: 'v20.20.2' }, os: { name: 'Debian' } },
  tags: [['scenario', 'checkout']],
};

beforeEach(async () => {
  t = await makeWebApp();
  await createUser(t.storage, 'admin@example.test', 'admin-password', true);
  admin = new Client(t.app);
  await admin.login('admin@example.test', 'admin-password');
  project = await t.storage.createProject({ name: 'shop' });
  await t.storage.createProjectKey(project.id, { label: 'Default' });
});
afterEach(async () => {
  await t.close();
});

describe('issue list', () => {
  it('lists issues with title, culprit, counts, chart and relative times', async () => {
    await seedEvent(t.storage, project.id, exceptionEvent, {
      group: 'a',
      title: 'Error: Payment failed',
      culprit: 'checkout.js in level3',
      userKey: 'u-1',
    });
    await seedEvent(t.storage, project.id, exceptionEvent, {
      group: 'a',
      title: 'Error: Payment failed',
      culprit: 'checkout.js in level3',
      userKey: 'u-2',
    });
    const res = await admin.get(`/issues?project=${project.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Error: Payment failed');
    expect(res.body).toContain('checkout.js in level3');
    expect(res.body).toMatch(/title="2 events">2</);
    expect(res.body).toMatch(/title="2 users">2</);
    expect(res.body).toContain('aria-label="Last 24 hours: 2 events"');
    expect(res.body).toMatch(/<time datetime="[^"]+" title="[^"]+ UTC">just now<\/time>/);
  });
  it('filters by search terms and form fields, and says when nothing matches', async () => {
    await seedEvent(
      t.storage,
      project.id,
      { environment: 'production' },
      { group: 'a', title: 'Alpha failure', level: 'error' },
    );
    await seedEvent(
      t.storage,
      project.id,
      { environment: 'staging' },
      { group: 'b', title: 'Beta warning', level: 'warning' },
    );
    const byLevel = await admin.get('/issues?query=level%3Awarning');
    expect(byLevel.body).toContain('Beta warning');
    expect(byLevel.body).not.toContain('Alpha failure');
    const byEnv = await admin.get('/issues?environment=production');
    expect(byEnv.body).toContain('Alpha failure');
    expect(byEnv.body).not.toContain('Beta warning');
    const byText = await admin.get('/issues?query=beta');
    expect(byText.body).toContain('Beta warning');
    expect(byText.body).not.toContain('Alpha failure');
    const none = await admin.get('/issues?query=nothing-like-this');
    expect(none.body).toContain('No issues match');
    const bad = await admin.get('/issues?query=is%3Asleeping');
    expect(bad.body).toContain('unknown status');
  });
  it('sorts by events and pages with a cursor', async () => {
    for (let i = 0; i < 30; i++)
      await seedEvent(t.storage, project.id, {}, { group: `g${i}`, title: `Issue number ${i}` });
    await seedEvent(t.storage, project.id, {}, { group: 'g7', title: 'Issue number 7' });
    const first = await admin.get('/issues?sort=events');
    expect(/Issue number \d+/.exec(first.body)?.[0]).toBe('Issue number 7');
    const next = /href="(\/issues\?[^"]*cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
    expect(next).toBeDefined();
    const second = await admin.get(next!.replace(/&amp;/g, '&'));
    const rows = (b: string) => (b.match(/name="ids"/g) ?? []).length;
    expect(rows(first.body)).toBe(25);
    expect(rows(second.body)).toBe(5);
  });
  it('resolves, ignores and reopens in bulk', async () => {
    const a = await seedEvent(t.storage, project.id, {}, { group: 'a' });
    const b = await seedEvent(t.storage, project.id, {}, { group: 'b' });
    const res = await admin.post(
      '/issues/bulk',
      { ids: [String(a), String(b)], action: 'resolve', back: '/issues' },
      { csrfFrom: '/issues' },
    );
    expect(res.statusCode).toBe(303);
    expect((await t.storage.getIssue(a))!.status).toBe('resolved');
    expect((await t.storage.getIssue(b))!.status).toBe('resolved');
    await admin.post('/issues/bulk', { ids: String(a), action: 'ignore' }, { csrfFrom: '/issues' });
    expect((await t.storage.getIssue(a))!.status).toBe('ignored');
    await admin.post('/issues/bulk', { ids: String(a), action: 'reopen' }, { csrfFrom: '/issues' });
    expect((await t.storage.getIssue(a))!.status).toBe('unresolved');
  });
  it('shows a first-steps empty state with the way to the DSN', async () => {
    const res = await admin.get('/issues');
    expect(res.body).toContain('No errors yet');
    const [key] = await t.storage.listProjectKeys(project.id);
    expect(res.body).toContain(`faultline send-test-event http://${key!.publicKey}@localhost/${project.id}`);
    expect(res.body).toContain('@faultline/sdk');
    expect(res.body).toContain(`/projects/${project.id}/settings`);
  });
});

describe('issue page', () => {
  it('shows the exception chain, source context, variables, breadcrumbs, request, contexts and grouping', async () => {
    const id = await seedEvent(t.storage, project.id, exceptionEvent, {
      group: 'pay',
      tags: [['browser', 'Chrome 120']],
    });
    const res = await admin.get(`/issues/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body.indexOf('Payment failed for user-123')).toBeLessThan(body.indexOf('root cause'));
    expect(body).toContain('caused by');
    expect(body).toContain('function level3(amount) { throw new Error(&quot;boom&quot;); }');
    expect(body).toMatch(/<div class="current"><span>21<\/span>/);
    expect(body).toContain('SUMMER');
    expect(body).toContain('Local variables');
    expect(body).toContain('2 library frames');
    expect(body).toContain('GET /cart');
    expect(body).toContain('http://shop.test/checkout');
    expect(body).toContain('v20.20.2');
    expect(body).toContain('exception type + frames: pay');
    expect(body).toContain('Chrome 120');
    expect(body).toContain('unhandled');
  });
  it('navigates between newest, older and oldest events', async () => {
    const id = await seedEvent(
      t.storage,
      project.id,
      { message: 'first' },
      { group: 'n', timestamp: Date.now() - 2000 },
    );
    await seedEvent(
      t.storage,
      project.id,
      { message: 'second' },
      { group: 'n', timestamp: Date.now() - 1000 },
    );
    await seedEvent(t.storage, project.id, { message: 'third' }, { group: 'n' });
    const newest = await admin.get(`/issues/${id}`);
    expect(newest.body).toContain('third');
    const older = /href="(\/issues\/\d+\?event=\d+)" rel="next"/.exec(newest.body)![1]!;
    expect((await admin.get(older)).body).toContain('second');
    expect((await admin.get(`/issues/${id}?event=oldest`)).body).toContain('first');
  });
  it('downloads the raw event as a JSON attachment', async () => {
    const id = await seedEvent(t.storage, project.id, exceptionEvent, { group: 'raw' });
    const page = await admin.get(`/issues/${id}`);
    const url = /href="(\/issues\/\d+\/events\/\d+\/raw\.json)"/.exec(page.body)![1]!;
    const res = await admin.get(url);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="event-[0-9a-f]{32}\.json"$/);
    expect(JSON.parse(res.body).request.data.coupon).toBe('SUMMER');
  });
  it('applies every status action with its details', async () => {
    const id = await seedEvent(t.storage, project.id, { release: 'shop@2.0.0' }, { group: 's' });
    const act = (fields: Record<string, string>) =>
      admin.post(`/issues/${id}/status`, fields, { csrfFrom: `/issues/${id}` });
    expect((await act({ action: 'resolve-next-release' })).statusCode).toBe(303);
    let issue = (await t.storage.getIssue(id))!;
    expect(issue.status).toBe('resolved');
    expect(issue.statusDetails).toEqual({ inNextRelease: true, release: 'shop@2.0.0' });
    expect((await admin.get(`/issues/${id}`)).body).toContain('Resolved in the release after shop@2.0.0');
    await act({ action: 'reopen' });
    await act({ action: 'ignore-for', minutes: '60' });
    issue = (await t.storage.getIssue(id))!;
    expect(issue.status).toBe('ignored');
    expect(issue.statusDetails!.ignoreUntil).toBeGreaterThan(Date.now() + 59 * 60_000);
    await act({ action: 'reopen' });
    await act({ action: 'ignore-count', count: '100' });
    expect((await t.storage.getIssue(id))!.statusDetails).toEqual({
      ignoreUntilCount: 100,
      ignoreBaseCount: 1,
    });
    expect((await admin.get(`/issues/${id}`)).body).toContain('Ignored until 100 more events (0 so far)');
    expect((await act({ action: 'ignore-count', count: '-1' })).statusCode).toBe(400);
    expect((await act({ action: 'explode' })).statusCode).toBe(400);
    await act({ action: 'reopen' });
    await act({ action: 'resolve' });
    expect((await t.storage.getIssue(id))!.status).toBe('resolved');
    expect((await admin.get(`/issues/${id}`)).body).toContain('Reopen');
  });
  it('deletes an issue', async () => {
    const id = await seedEvent(t.storage, project.id, {}, { group: 'd' });
    expect((await admin.post(`/issues/${id}/delete`, {}, { csrfFrom: `/issues/${id}` })).statusCode).toBe(
      303,
    );
    expect(await t.storage.getIssue(id)).toBeUndefined();
    expect((await admin.get(`/issues/${id}`)).statusCode).toBe(404);
  });
});

describe('members see only their projects', () => {
  it('hides other projects, their issues and their settings from a member', async () => {
    const other = await t.storage.createProject({ name: 'secret-project' });
    const mine = await seedEvent(t.storage, project.id, {}, { group: 'm', title: 'Visible issue' });
    const theirs = await seedEvent(t.storage, other.id, {}, { group: 'x', title: 'Hidden issue' });
    const member = await createUser(t.storage, 'member@example.test', 'member-password');
    await t.storage.addProjectMember(project.id, member.id);
    const c = new Client(t.app);
    await c.login('member@example.test', 'member-password');
    const list = await c.get('/issues');
    expect(list.body).toContain('Visible issue');
    expect(list.body).not.toContain('Hidden issue');
    expect((await c.get(`/issues/${mine}`)).statusCode).toBe(200);
    expect((await c.get(`/issues/${theirs}`)).statusCode).toBe(404);
    expect((await c.get(`/issues?project=${other.id}`)).statusCode).toBe(404);
    expect((await c.get(`/projects/${other.id}/settings`)).statusCode).toBe(404);
    expect(
      (await c.post('/issues/bulk', { ids: String(theirs), action: 'resolve' }, { csrfFrom: '/issues' }))
        .statusCode,
    ).toBe(404);
    expect((await t.storage.getIssue(theirs))!.status).toBe('unresolved');
    expect((await c.get('/admin/users')).statusCode).toBe(403);
    expect((await c.post('/projects', { name: 'nope' })).statusCode).toBe(403);
  });
  it('tells a member without projects to ask an administrator', async () => {
    await createUser(t.storage, 'lonely@example.test', 'lonely-password');
    const c = new Client(t.app);
    await c.login('lonely@example.test', 'lonely-password');
    const res = await c.get('/issues');
    expect(res.body).toContain('not in any project');
  });
});
