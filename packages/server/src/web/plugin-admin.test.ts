// Projects, DSN keys, API tokens and user management through the real plugin.

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createUser, makeWebApp, type WebTestApp } from './test-web.js';

let t: WebTestApp;
let admin: Client;
beforeEach(async () => {
  t = await makeWebApp({ publicUrl: 'https://errors.example.com' });
  await createUser(t.storage, 'admin@example.test', 'admin-password', true);
  admin = new Client(t.app);
  await admin.login('admin@example.test', 'admin-password');
});
afterEach(async () => {
  await t.close();
});

describe('projects and DSN keys', () => {
  it('leads from "no projects" to a new project with its DSN and snippets', async () => {
    expect((await admin.get('/projects')).body).toContain('No projects yet');
    const created = await admin.post('/projects', { name: 'Checkout API' });
    expect(created.statusCode).toBe(303);
    const settings = await admin.get(created.headers.location as string);
    const [key] = await t.storage.listProjectKeys(1);
    const dsn = `https://${key!.publicKey}@errors.example.com/1`;
    expect(settings.body).toContain(dsn);
    expect(settings.body).toContain(`faultline send-test-event ${dsn}`);
    for (const s of ['@faultline/sdk', '@sentry/node', 'FlaskIntegration', 'raven', '@sentry/browser'])
      expect(settings.body).toContain(s);
    // Not on the npm registry yet: the page says to install from the checkout, not a name that 404s.
    expect(settings.body).toContain('npm install &lt;faultline checkout&gt;/packages/sdk');
    // The creator is a member, so a rule mailing "the project's members" reaches them.
    expect((await t.storage.listProjectMembers(1)).map((u) => u.email)).toEqual(['admin@example.test']);
  });
  it('refuses an empty project name', async () => {
    expect((await admin.post('/projects', { name: '  ' })).statusCode).toBe(400);
  });
  it('creates, rate-limits and revokes keys', async () => {
    const project = await t.storage.createProject({ name: 'p' });
    const key = await t.storage.createProjectKey(project.id, { label: 'Default' });
    const page = `/projects/${project.id}/settings`;
    await admin.post(`/projects/${project.id}/keys`, { label: 'frontend' }, { csrfFrom: page });
    expect((await t.storage.listProjectKeys(project.id)).map((k) => k.label)).toEqual([
      'Default',
      'frontend',
    ]);
    await admin.post(
      `/projects/${project.id}/keys/${key.id}/limit`,
      { rateLimitPerMinute: '600' },
      { csrfFrom: page },
    );
    expect((await t.storage.findProjectKey(key.publicKey))!.rateLimitPerMinute).toBe(600);
    await admin.post(
      `/projects/${project.id}/keys/${key.id}/limit`,
      { rateLimitPerMinute: '' },
      { csrfFrom: page },
    );
    expect((await t.storage.findProjectKey(key.publicKey))!.rateLimitPerMinute).toBeNull();
    expect(
      (
        await admin.post(
          `/projects/${project.id}/keys/${key.id}/limit`,
          { rateLimitPerMinute: '1.5' },
          { csrfFrom: page },
        )
      ).statusCode,
    ).toBe(400);
    await admin.post(`/projects/${project.id}/keys/${key.id}/revoke`, {}, { csrfFrom: page });
    expect((await t.storage.findProjectKey(key.publicKey))!.revokedAt).not.toBeNull();
    expect((await admin.get(page)).body).toContain('revoked');
  });
  it('renames a project from its settings page, with a valid CSRF token only', async () => {
    const project = await t.storage.createProject({ name: 'Shop' });
    const page = `/projects/${project.id}/settings`;
    expect((await admin.get(page)).body).toContain(`action="/projects/${project.id}/rename"`);
    const forged = await admin.post(`/projects/${project.id}/rename`, { name: 'Hijacked', _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect((await t.storage.getProject(project.id))!.name).toBe('Shop');
    expect(
      (await admin.post(`/projects/${project.id}/rename`, { name: '  ' }, { csrfFrom: page })).statusCode,
    ).toBe(400);
    const res = await admin.post(
      `/projects/${project.id}/rename`,
      { name: ' Shop <API> ' },
      { csrfFrom: page },
    );
    expect(res.statusCode).toBe(303);
    expect((await t.storage.getProject(project.id))!.name).toBe('Shop <API>');
    expect((await admin.get(page)).body).toContain('<h1>Shop &lt;API&gt;</h1>');
  });
  it('lets only administrators rename a project', async () => {
    const project = await t.storage.createProject({ name: 'Shop' });
    const bob = await createUser(t.storage, 'bob@example.test', 'bob-password');
    await t.storage.addProjectMember(project.id, bob.id);
    const member = new Client(t.app);
    await member.login('bob@example.test', 'bob-password');
    const page = `/projects/${project.id}/settings`;
    expect((await member.get(page)).body).not.toContain('/rename');
    const res = await member.post(`/projects/${project.id}/rename`, { name: 'Mine' }, { csrfFrom: page });
    expect(res.statusCode).toBe(403);
    expect((await t.storage.getProject(project.id))!.name).toBe('Shop');
  });
  it('adds and removes members', async () => {
    const project = await t.storage.createProject({ name: 'p' });
    const bob = await createUser(t.storage, 'bob@example.test', 'bob-password');
    const page = `/projects/${project.id}/settings`;
    await admin.post(`/projects/${project.id}/members`, { userId: String(bob.id) }, { csrfFrom: page });
    expect((await t.storage.listProjectMembers(project.id)).map((u) => u.email)).toEqual([
      'bob@example.test',
    ]);
    await admin.post(`/projects/${project.id}/members/${bob.id}/remove`, {}, { csrfFrom: page });
    expect(await t.storage.listProjectMembers(project.id)).toHaveLength(0);
  });
});

describe('API tokens', () => {
  it('shows a new token once and stores only its sha256', async () => {
    const res = await admin.post('/account/tokens', { label: 'ci' });
    const token = /id="new-token">([^<]+)</.exec(res.body)?.[1];
    expect(token).toMatch(/^flt_/);
    const [stored] = await t.storage.listApiTokens(1);
    expect(stored!.tokenHash).toBe(createHash('sha256').update(token!).digest('hex'));
    expect((await admin.get('/account')).body).not.toContain(token!);
    await admin.post(`/account/tokens/${stored!.id}/revoke`, {});
    expect((await t.storage.listApiTokens(1))[0]!.revokedAt).not.toBeNull();
  });
  it("does not revoke another user's token", async () => {
    const bob = await createUser(t.storage, 'bob@example.test', 'bob-password');
    const tok = await t.storage.createApiToken({
      userId: bob.id,
      label: 'x',
      tokenHash: 'a'.repeat(64),
      prefix: 'flt_abcd',
    });
    expect((await admin.post(`/account/tokens/${tok.id}/revoke`, {})).statusCode).toBe(404);
    expect((await t.storage.listApiTokens(bob.id))[0]!.revokedAt).toBeNull();
  });
  it('refuses a password change with the wrong current password', async () => {
    const res = await admin.post('/account/password', { current: 'wrong', password: 'whatever-123' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('current password is wrong');
  });
});

describe('user management', () => {
  it('creates users, makes them admins, disables them and adds them to projects', async () => {
    const project = await t.storage.createProject({ name: 'p' });
    await admin.post(
      '/admin/users',
      { email: 'Carol@Example.test', password: 'carol-password' },
      { csrfFrom: '/admin/users' },
    );
    const carol = (await t.storage.findUserByEmail('carol@example.test'))!;
    expect(carol.isAdmin).toBe(false);
    await admin.post(`/admin/users/${carol.id}`, { action: 'make-admin' }, { csrfFrom: '/admin/users' });
    expect((await t.storage.getUser(carol.id))!.isAdmin).toBe(true);
    await admin.post(`/admin/users/${carol.id}`, { action: 'disable' }, { csrfFrom: '/admin/users' });
    expect((await t.storage.getUser(carol.id))!.disabledAt).not.toBeNull();
    await admin.post(`/admin/users/${carol.id}`, { action: 'enable' }, { csrfFrom: '/admin/users' });
    expect((await t.storage.getUser(carol.id))!.disabledAt).toBeNull();
    await admin.post(
      `/admin/users/${carol.id}/projects`,
      { projectId: String(project.id) },
      { csrfFrom: '/admin/users' },
    );
    expect((await t.storage.listProjectsForUser(carol.id)).map((p) => p.id)).toEqual([project.id]);
  });
  it('refuses duplicates, short passwords and changes to oneself', async () => {
    expect(
      (
        await admin.post(
          '/admin/users',
          { email: 'admin@example.test', password: 'long-enough' },
          { csrfFrom: '/admin/users' },
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await admin.post(
          '/admin/users',
          { email: 'x@example.test', password: 'short' },
          { csrfFrom: '/admin/users' },
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (await admin.post('/admin/users/1', { action: 'disable' }, { csrfFrom: '/admin/users' })).statusCode,
    ).toBe(400);
  });
});
