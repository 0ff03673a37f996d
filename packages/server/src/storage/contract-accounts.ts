import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-suite.js';

export function accountsContract(t: ContractContext): void {
  describe('lifecycle', () => {
    it('migrates idempotently and answers ping until closed', async () => {
      await t.storage.migrate();
      expect(await t.storage.ping()).toBe(true);
      const other = await t.connect();
      await other.close();
      expect(await other.ping()).toBe(false);
      await other.close();
    });

    it('keeps committed data across close and reopen', async () => {
      const p = await t.storage.createProject({ name: 'durable' });
      await t.storage.enqueue([
        { projectId: p.id, eventId: 'a'.repeat(32), receivedAt: 1, payload: new Uint8Array([1, 2, 3]) },
      ]);
      await t.storage.close();
      const again = await t.connect();
      await again.migrate();
      expect(await again.getProject(p.id)).toEqual(p);
      expect(await again.queueDepth()).toBe(1);
    });
  });

  describe('projects and keys', () => {
    it('creates, reads and lists projects with unique slugs', async () => {
      const a = await t.storage.createProject({ name: 'My Shop API' });
      const b = await t.storage.createProject({ name: 'my shop api' });
      const c = await t.storage.createProject({ name: 'Other', slug: 'custom' });
      expect(a).toMatchObject({ name: 'My Shop API', slug: 'my-shop-api' });
      expect(b.slug).toBe('my-shop-api-2');
      expect(c.slug).toBe('custom');
      expect(typeof a.id).toBe('number');
      expect(b.id).toBeGreaterThan(a.id);
      expect(Math.abs(a.createdAt - Date.now())).toBeLessThan(60_000);
      expect(await t.storage.getProject(a.id)).toEqual(a);
      expect(await t.storage.getProject(999_999)).toBeUndefined();
      expect((await t.storage.listProjects()).map((p) => p.id)).toEqual([a.id, b.id, c.id]);
    });

    it('renames a project and keeps its slug', async () => {
      const a = await t.storage.createProject({ name: 'Shop' });
      const b = await t.storage.createProject({ name: 'Other' });
      await t.storage.updateProject(a.id, { name: 'Shop API' });
      expect(await t.storage.getProject(a.id)).toEqual({ ...a, name: 'Shop API' });
      expect(await t.storage.getProject(b.id)).toEqual(b);
      await t.storage.updateProject(a.id, {});
      expect((await t.storage.getProject(a.id))!.name).toBe('Shop API');
    });

    it('creates, finds, updates and revokes DSN keys', async () => {
      const p = await t.storage.createProject({ name: 'p' });
      const k1 = await t.storage.createProjectKey(p.id);
      const k2 = await t.storage.createProjectKey(p.id, { label: 'browser', rateLimitPerMinute: 600 });
      expect(k1.publicKey).toMatch(/^[0-9a-f]{32}$/);
      expect(k1.publicKey).not.toBe(k2.publicKey);
      expect(k1).toMatchObject({ projectId: p.id, rateLimitPerMinute: null, revokedAt: null });
      expect(k2).toMatchObject({ label: 'browser', rateLimitPerMinute: 600 });
      expect(await t.storage.listProjectKeys(p.id)).toEqual([k1, k2]);
      expect(await t.storage.findProjectKey(k2.publicKey)).toEqual(k2);
      expect(await t.storage.findProjectKey('0'.repeat(32))).toBeUndefined();

      await t.storage.updateProjectKey(k2.id, { label: 'web', rateLimitPerMinute: null });
      expect(await t.storage.findProjectKey(k2.publicKey)).toMatchObject({
        label: 'web',
        rateLimitPerMinute: null,
      });
      await t.storage.updateProjectKey(k2.id, { rateLimitPerMinute: 5 });
      expect(await t.storage.findProjectKey(k2.publicKey)).toMatchObject({
        label: 'web',
        rateLimitPerMinute: 5,
      });

      await t.storage.revokeProjectKey(k1.id);
      const revoked = await t.storage.findProjectKey(k1.publicKey);
      expect(revoked?.revokedAt).toEqual(expect.any(Number));
      await t.storage.revokeProjectKey(k1.id);
      expect((await t.storage.findProjectKey(k1.publicKey))?.revokedAt).toBe(revoked?.revokedAt);
    });

    it('refuses a key for a project that does not exist', async () => {
      await expect(t.storage.createProjectKey(424242)).rejects.toMatchObject({
        code: 'FL_STORAGE_NOT_FOUND',
      });
    });
  });

  describe('users, membership and tokens', () => {
    it('creates, finds, counts and updates users', async () => {
      expect(await t.storage.countUsers()).toBe(0);
      const u = await t.storage.createUser({ email: 'Ada@Example.com', passwordHash: 'h1', isAdmin: true });
      const v = await t.storage.createUser({ email: 'bob@example.com', passwordHash: 'h2', isAdmin: false });
      expect(u).toMatchObject({
        email: 'ada@example.com',
        isAdmin: true,
        disabledAt: null,
        passwordHash: 'h1',
      });
      expect(await t.storage.countUsers()).toBe(2);
      expect(await t.storage.getUser(u.id)).toEqual(u);
      expect(await t.storage.findUserByEmail('ADA@example.com')).toEqual(u);
      expect(await t.storage.findUserByEmail('nobody@example.com')).toBeUndefined();
      expect(await t.storage.listUsers()).toEqual([u, v]);
      await expect(
        t.storage.createUser({ email: 'ada@example.com', passwordHash: 'x', isAdmin: false }),
      ).rejects.toMatchObject({ code: 'FL_STORAGE_CONFLICT' });

      await t.storage.updateUser(v.id, { passwordHash: 'h3', isAdmin: true, disabledAt: 123 });
      expect(await t.storage.getUser(v.id)).toMatchObject({
        passwordHash: 'h3',
        isAdmin: true,
        disabledAt: 123,
      });
      await t.storage.updateUser(v.id, { disabledAt: null });
      expect(await t.storage.getUser(v.id)).toMatchObject({
        passwordHash: 'h3',
        isAdmin: true,
        disabledAt: null,
      });
    });

    it('adds and removes project members', async () => {
      const p1 = await t.storage.createProject({ name: 'one' });
      const p2 = await t.storage.createProject({ name: 'two' });
      const u = await t.storage.createUser({ email: 'u@example.com', passwordHash: 'h', isAdmin: false });
      const w = await t.storage.createUser({ email: 'w@example.com', passwordHash: 'h', isAdmin: false });
      await t.storage.addProjectMember(p1.id, u.id);
      await t.storage.addProjectMember(p1.id, u.id);
      await t.storage.addProjectMember(p2.id, u.id);
      await t.storage.addProjectMember(p1.id, w.id);
      expect((await t.storage.listProjectMembers(p1.id)).map((x) => x.email)).toEqual([
        'u@example.com',
        'w@example.com',
      ]);
      expect((await t.storage.listProjectsForUser(u.id)).map((x) => x.id)).toEqual([p1.id, p2.id]);
      await t.storage.removeProjectMember(p1.id, u.id);
      expect((await t.storage.listProjectMembers(p1.id)).map((x) => x.id)).toEqual([w.id]);
      expect((await t.storage.listProjectsForUser(u.id)).map((x) => x.id)).toEqual([p2.id]);
    });

    it('stores, finds, touches and revokes API tokens', async () => {
      const u = await t.storage.createUser({ email: 't@example.com', passwordHash: 'h', isAdmin: false });
      const tok = await t.storage.createApiToken({
        userId: u.id,
        label: 'ci',
        tokenHash: 'a'.repeat(64),
        prefix: 'flt_ab',
      });
      const tok2 = await t.storage.createApiToken({
        userId: u.id,
        label: 'cli',
        tokenHash: 'b'.repeat(64),
        prefix: 'flt_cd',
      });
      expect(tok).toMatchObject({
        userId: u.id,
        label: 'ci',
        prefix: 'flt_ab',
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(await t.storage.findApiTokenByHash('a'.repeat(64))).toEqual(tok);
      expect(await t.storage.findApiTokenByHash('c'.repeat(64))).toBeUndefined();
      await expect(
        t.storage.createApiToken({
          userId: u.id,
          label: 'again',
          tokenHash: 'a'.repeat(64),
          prefix: 'flt_ab',
        }),
      ).rejects.toMatchObject({ code: 'FL_STORAGE_CONFLICT' });
      await t.storage.touchApiToken(tok.id, 1_700_000_000_000);
      expect((await t.storage.findApiTokenByHash('a'.repeat(64)))?.lastUsedAt).toBe(1_700_000_000_000);
      await t.storage.revokeApiToken(tok2.id);
      const list = await t.storage.listApiTokens(u.id);
      expect(list.map((x) => x.id)).toEqual([tok.id, tok2.id]);
      expect(list[1]?.revokedAt).toEqual(expect.any(Number));
      expect(list[0]?.revokedAt).toBeNull();
    });
  });
}
