// Accounts and access through the real plugin: set-up, sign-in, sessions, CSRF, Origin, limits.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSP, LOGIN_LIMITS } from './plugin.js';
import { Client, createUser, csrfIn, makeWebApp, type WebTestApp } from './test-web.js';

let t: WebTestApp;
beforeEach(async () => {
  t = await makeWebApp();
});
afterEach(async () => {
  await t.close();
});

describe('first-run set-up', () => {
  it('sends a new server to /setup and lets a loopback browser create the first administrator', async () => {
    const c = new Client(t.app);
    expect((await c.get('/login')).headers.location).toBe('/setup');
    const page = await c.get('/setup');
    expect(page.statusCode).toBe(200);
    const res = await c.post(
      '/setup',
      { email: 'Admin@Example.test', password: 'correct horse' },
      { csrfFrom: '/setup' },
    );
    expect(res.statusCode).toBe(303);
    const users = await t.storage.listUsers();
    expect(users).toHaveLength(1);
    expect(users[0]!.email).toBe('admin@example.test');
    expect(users[0]!.isAdmin).toBe(true);
    expect(users[0]!.passwordHash).toMatch(/^\$scrypt\$/);
    expect((await c.get('/projects')).statusCode).toBe(200);
    expect((await c.get('/setup')).headers.location).toBe('/login');
  });
  it('refuses set-up from another address without the token', async () => {
    const c = new Client(t.app, '10.1.2.3');
    const res = await c.get('/setup');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('FL_UI_SETUP_CLOSED');
  });
  it('accepts set-up from another address with the token the server logged', async () => {
    const logged: unknown[] = [];
    const { default: Fastify } = await import('fastify');
    const { webPlugin } = await import('./plugin.js');
    const app = Fastify();
    await app.register(webPlugin, {
      storage: t.storage,
      config: { dataDir: t.dir, publicUrl: 'http://errors.test' },
      logger: { info() {}, error() {}, warn: (o) => logged.push(o) },
    });
    const url = (logged[0] as { setupUrl: string }).setupUrl;
    expect(url).toMatch(/^http:\/\/errors\.test\/setup\?token=/);
    const c = new Client(app, '10.1.2.3');
    const page = await c.get(url.replace('http://errors.test', ''));
    expect(page.statusCode).toBe(200);
    const token = new URL(url).searchParams.get('token')!;
    const res = await c.post(
      '/setup',
      { email: 'a@b.test', password: '12345678', token },
      { csrfFrom: url.replace('http://errors.test', '') },
    );
    expect(res.statusCode).toBe(303);
    expect(await t.storage.countUsers()).toBe(1);
    await app.close();
  });
});

describe('sign-in and sessions', () => {
  beforeEach(async () => {
    await createUser(t.storage, 'ann@example.test', 'ann-password', true);
  });
  it('redirects anonymous page views to the sign-in page with a next target', async () => {
    const res = await new Client(t.app).get('/issues?status=resolved');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/login?next=%2Fissues%3Fstatus%3Dresolved');
  });
  it('signs in with the right password, setting an HttpOnly SameSite=Lax cookie with an expiry', async () => {
    const c = new Client(t.app);
    const res = await c.login('ann@example.test', 'ann-password');
    expect(res.statusCode).toBe(303);
    const cookie = [res.headers['set-cookie']].flat().find((l) => String(l).startsWith('fl_session='));
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+/);
    expect((await c.get('/issues')).statusCode).toBe(200);
  });
  it('does not follow an off-site next target after sign-in', async () => {
    const c = new Client(t.app);
    await c.get('/login');
    const res = await c.post(
      '/login',
      { email: 'ann@example.test', password: 'ann-password', next: '//evil.test/x' },
      { csrfFrom: '/login' },
    );
    expect(res.headers.location).toBe('/issues');
  });
  it('refuses a wrong password and an unknown account alike', async () => {
    const c = new Client(t.app);
    const wrong = await c.login('ann@example.test', 'nope');
    const unknown = await c.login('bob@example.test', 'ann-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(c.cookies.has('fl_session')).toBe(false);
  });
  it('refuses a disabled account and ends its sessions', async () => {
    const c = new Client(t.app);
    await c.login('ann@example.test', 'ann-password');
    const bob = await createUser(t.storage, 'bob@example.test', 'bob-password');
    const b = new Client(t.app);
    await b.login('bob@example.test', 'bob-password');
    expect((await b.get('/issues')).statusCode).toBe(200);
    await t.storage.updateUser(bob.id, { disabledAt: Date.now() });
    expect((await b.get('/issues')).statusCode).toBe(302);
    expect((await new Client(t.app).login('bob@example.test', 'bob-password')).statusCode).toBe(401);
  });
  it('signs out by clearing the cookie', async () => {
    const c = new Client(t.app);
    await c.login('ann@example.test', 'ann-password');
    const res = await c.post('/logout', {}, { csrfFrom: '/issues' });
    expect(res.statusCode).toBe(303);
    expect(c.cookies.has('fl_session')).toBe(false);
    expect((await c.get('/issues')).statusCode).toBe(302);
  });
  it('ends other sessions when the password changes, keeping the current one', async () => {
    const a = new Client(t.app);
    const b = new Client(t.app);
    await a.login('ann@example.test', 'ann-password');
    await b.login('ann@example.test', 'ann-password');
    const res = await a.post('/account/password', { current: 'ann-password', password: 'new-password-1' });
    expect(res.statusCode).toBe(200);
    expect((await a.get('/issues')).statusCode).toBe(200);
    expect((await b.get('/issues')).statusCode).toBe(302);
    expect((await new Client(t.app).login('ann@example.test', 'new-password-1')).statusCode).toBe(303);
  });
  it(`rate-limits sign-in per account after ${LOGIN_LIMITS.perAccount} failures, even with the right password`, async () => {
    const c = new Client(t.app, '10.0.0.1');
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
      expect((await c.login('ann@example.test', 'bad')).statusCode).toBe(401);
    const blocked = await new Client(t.app, '10.0.0.2').login('ann@example.test', 'ann-password');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toContain('FL_UI_LOGIN_RATE_LIMITED');
  });
  it(`rate-limits sign-in per IP after ${LOGIN_LIMITS.perIp} failures across accounts`, async () => {
    const c = new Client(t.app, '10.0.0.9');
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) await c.login(`user${i}@example.test`, 'bad');
    expect((await c.login('ann@example.test', 'ann-password')).statusCode).toBe(429);
    expect((await new Client(t.app, '10.0.0.10').login('ann@example.test', 'ann-password')).statusCode).toBe(
      303,
    );
  });
});

describe('CSRF and Origin checks', () => {
  let c: Client;
  beforeEach(async () => {
    await createUser(t.storage, 'ann@example.test', 'ann-password', true);
    c = new Client(t.app);
    await c.login('ann@example.test', 'ann-password');
  });
  it('refuses a POST without the token', async () => {
    const res = await c.request({
      method: 'POST',
      url: '/projects',
      payload: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('FL_UI_CSRF');
    expect(await t.storage.listProjects()).toHaveLength(0);
  });
  it('refuses a token from another session', async () => {
    const other = new Client(t.app);
    await other.login('ann@example.test', 'ann-password');
    const foreign = csrfIn((await other.get('/account')).body);
    const res = await c.post('/projects', { _csrf: foreign, name: 'x' });
    expect(res.statusCode).toBe(403);
  });
  it('refuses a POST from another Origin even with a valid token', async () => {
    const res = await c.post('/projects', { name: 'x' }, { headers: { origin: 'http://evil.test' } });
    expect(res.statusCode).toBe(403);
    expect(await t.storage.listProjects()).toHaveLength(0);
  });
  it('accepts a same-origin POST with the token', async () => {
    const res = await c.post(
      '/projects',
      { name: 'shop' },
      { headers: { origin: 'http://faultline.test:8000', host: 'faultline.test:8000' } },
    );
    expect(res.statusCode).toBe(303);
    expect((await t.storage.listProjects()).map((p) => p.name)).toEqual(['shop']);
  });
  it('refuses the sign-in form without its pre-session token', async () => {
    const res = await new Client(t.app).request({
      method: 'POST',
      url: '/login',
      payload: 'email=ann%40example.test&password=ann-password',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('security headers', () => {
  it('sends the CSP and friends on pages, static files and errors', async () => {
    const c = new Client(t.app);
    for (const url of ['/login', '/static/style.css', '/static/app.js', '/setup', '/issues']) {
      const res = await c.get(url);
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("frame-ancestors 'none'");
  });
});
