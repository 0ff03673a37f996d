import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.js';
import { createApiToken } from '../auth/tokens.js';
import type { DigestEvent, Level } from '../storage/types.js';
import { makeTestApp, type TestApp } from '../test-app.js';

let t: TestApp;
let adminToken: string;
let userToken: string;

beforeEach(async () => {
  t = await makeTestApp();
  const passwordHash = await hashPassword('password1');
  const admin = await t.storage.createUser({ email: 'admin@example.com', passwordHash, isAdmin: true });
  const user = await t.storage.createUser({ email: 'user@example.com', passwordHash, isAdmin: false });
  adminToken = (await createApiToken(t.storage, admin, 'test')).token;
  userToken = (await createApiToken(t.storage, user, 'test')).token;
});
afterEach(async () => {
  await t.close();
});

function api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, token = adminToken) {
  return t.app.inject({
    method,
    url: `/api/0${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

/** Stores events through the real queue and digest transaction (grouping decided here). */
async function digest(
  projectId: number,
  events: Array<{
    id: string;
    hash: string;
    title: string;
    level?: Level;
    environment?: string;
    at: number;
    user?: string;
  }>,
) {
  await t.storage.enqueue(
    events.map((e) => ({ projectId, eventId: e.id, receivedAt: e.at, payload: Buffer.from('{}') })),
  );
  const claimed = await t.storage.claimQueueItems(100, 60_000);
  const rows: DigestEvent[] = events.map((e) => ({
    queueId: claimed.find((c) => c.eventId === e.id)!.id,
    projectId,
    eventId: e.id,
    timestamp: e.at,
    receivedAt: e.at,
    level: e.level ?? 'error',
    title: e.title,
    culprit: 'app.js in main',
    groupingHash: e.hash.padEnd(64, '0'),
    groupingVersion: 1,
    groupingKey: e.hash,
    groupingComponents: [],
    userKey: e.user ?? null,
    environment: e.environment ?? null,
    release: null,
    tags: e.environment ? [['environment', e.environment]] : [],
    data: Buffer.from(JSON.stringify({ event_id: e.id, message: e.title })),
  }));
  return t.storage.digest(rows);
}

const id = (n: number) => n.toString(16).padStart(32, '0');

describe('token authentication', () => {
  it('answers 401 without, with a wrong or a revoked token', async () => {
    expect((await t.app.inject({ url: '/api/0/projects/' })).statusCode).toBe(401);
    const wrong = await api('GET', '/projects/', undefined, 'flt_nope');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'FL_API_UNAUTHORIZED' });
    const token = (await t.storage.listApiTokens(1))[0]!;
    await t.storage.revokeApiToken(token.id);
    expect((await api('GET', '/projects/')).statusCode).toBe(401);
  });
});

describe('projects and keys', () => {
  it('lists, creates, rate-limits and revokes keys; revocation stops ingest at once', async () => {
    const list = await api('GET', '/projects/');
    expect(list.json().data.map((p: { name: string }) => p.name)).toEqual(['test']);
    const created = await api('POST', '/projects/', { name: 'web' });
    expect(created.statusCode).toBe(201);
    expect(created.json().dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:0\/2$/);

    const keys = await api('GET', '/projects/1/keys/');
    expect(keys.json().data).toHaveLength(1);
    expect(keys.json().data[0].dsn).toBe(t.dsn);
    const extra = await api('POST', '/projects/1/keys/', { label: 'browser', rateLimitPerMinute: 100 });
    expect(extra.json()).toMatchObject({ label: 'browser', rateLimitPerMinute: 100 });
    const limited = await api('PUT', `/projects/1/keys/${t.key.id}/`, { rateLimitPerMinute: 1 });
    expect(limited.json().rateLimitPerMinute).toBe(1);

    const ingest = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/1/store/?sentry_key=${t.key.publicKey}`,
        payload: '{"message":"m"}',
      });
    expect((await ingest()).statusCode).toBe(200);
    expect((await ingest()).statusCode).toBe(429);
    expect((await api('DELETE', `/projects/1/keys/${t.key.id}/`)).statusCode).toBe(204);
    expect((await ingest()).statusCode).toBe(403);
    expect((await api('GET', '/projects/1/keys/')).json().data[0].revokedAt).toEqual(expect.any(Number));
  });

  it('validates input with precise 400s and hides other users\u2019 projects', async () => {
    const bad = await api('POST', '/projects/', { name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'FL_API_INVALID',
      errors: [{ field: 'body.name', message: 'must not be empty' }],
    });
    const badLimit = await api('PUT', `/projects/1/keys/${t.key.id}/`, { rateLimitPerMinute: 'lots' });
    expect(badLimit.json().errors[0].field).toBe('body.rateLimitPerMinute');
    expect((await api('GET', '/projects/abc/keys/')).json().errors[0].field).toBe('path.projectId');
    expect((await api('GET', '/projects/1/', undefined, userToken)).statusCode).toBe(404);
    expect((await api('GET', '/projects/', undefined, userToken)).json().data).toEqual([]);
    const own = await api('POST', '/projects/', { name: 'mine' }, userToken);
    expect(
      (await api('GET', '/projects/', undefined, userToken)).json().data.map((p: { id: number }) => p.id),
    ).toEqual([own.json().project.id]);
  });
});

describe('issues and events', () => {
  it('filters, sorts, paginates, shows one issue and its events, and changes status', async () => {
    await digest(1, [
      { id: id(1), hash: 'a', title: 'TypeError: x is undefined', at: 1_000, environment: 'prod' },
      {
        id: id(2),
        hash: 'a',
        title: 'TypeError: x is undefined',
        at: 3_000,
        environment: 'prod',
        user: 'u1',
      },
      {
        id: id(3),
        hash: 'b',
        title: 'RangeError: too big',
        at: 2_000,
        level: 'warning',
        environment: 'staging',
      },
      { id: id(4), hash: 'c', title: 'Error: db down', at: 4_000, level: 'fatal' },
    ]);
    const all = (await api('GET', '/issues/?project=1&sort=events')).json();
    expect(all.data.map((i: { title: string }) => i.title)[0]).toBe('TypeError: x is undefined');
    expect(all.data).toHaveLength(3);
    const byLast = (await api('GET', '/issues/')).json().data.map((i: { title: string }) => i.title);
    expect(byLast).toEqual(['Error: db down', 'TypeError: x is undefined', 'RangeError: too big']);
    expect(
      (await api('GET', '/issues/?level=warning')).json().data.map((i: { title: string }) => i.title),
    ).toEqual(['RangeError: too big']);
    expect((await api('GET', '/issues/?environment=prod')).json().data).toHaveLength(1);
    expect((await api('GET', '/issues/?query=rangeerror')).json().data).toHaveLength(1);
    const tagged = (await api('GET', '/issues/?tag=environment:staging')).json().data;
    expect(tagged.map((i: { title: string }) => i.title)).toEqual(['RangeError: too big']);
    const both = await api('GET', '/issues/?tag=environment:staging&tag=environment:prod');
    expect(both.json().data).toEqual([]);
    expect((await api('GET', '/issues/?tag=nocolon')).json().errors[0].field).toBe('query.tag');

    const page1 = (await api('GET', '/issues/?limit=2')).json();
    expect(page1.data).toHaveLength(2);
    const page2 = (
      await api('GET', `/issues/?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)
    ).json();
    expect(page2.data.map((i: { title: string }) => i.title)).toEqual(['RangeError: too big']);
    expect(page2.nextCursor).toBeNull();

    const issueId = all.data[0].id;
    const issue = (await api('GET', `/issues/${issueId}/`)).json();
    expect(issue).toMatchObject({ eventCount: 2, status: 'unresolved' });
    const events = (await api('GET', `/issues/${issueId}/events/?order=oldest`)).json();
    expect(events.data.map((e: { eventId: string }) => e.eventId)).toEqual([id(1), id(2)]);
    expect((await api('GET', `/issues/${issueId}/events/latest/`)).json().eventId).toBe(id(2));
    expect((await api('GET', `/issues/${issueId}/events/oldest/`)).json().eventId).toBe(id(1));
    expect((await api('GET', `/issues/${issueId}/events/${id(2)}/`)).json().data).toEqual({
      event_id: id(2),
      message: 'TypeError: x is undefined',
    });
    expect((await api('GET', `/issues/${issueId}/events/${id(3)}/`)).statusCode).toBe(404);
    expect((await api('GET', `/projects/1/events/${id(3)}/`)).json().title).toBe('RangeError: too big');

    const resolved = await api('PUT', `/issues/${issueId}/`, { status: 'resolved' });
    expect(resolved.json().status).toBe('resolved');
    expect((await api('GET', '/issues/?status=unresolved')).json().data).toHaveLength(2);
    const bulk = await api('PUT', '/issues/', {
      ids: all.data.map((i: { id: number }) => i.id),
      status: 'ignored',
    });
    expect(bulk.json()).toEqual({ updated: 3, status: 'ignored' });
    expect((await api('GET', '/issues/?status=ignored')).json().data).toHaveLength(3);
    expect((await api('PUT', `/issues/${issueId}/`, { status: 'unresolved' })).json().status).toBe(
      'unresolved',
    );

    expect((await api('PUT', '/issues/', { ids: [], status: 'resolved' })).statusCode).toBe(400);
    expect((await api('PUT', `/issues/${issueId}/`, { status: 'done' })).json().errors[0]).toEqual({
      field: 'body.status',
      message: 'must be unresolved, resolved or ignored',
    });
    expect((await api('GET', '/issues/?sort=random')).statusCode).toBe(400);
    const badCursor = await api('GET', '/issues/?cursor=garbage');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().code).toBe('FL_STORAGE_BAD_CURSOR');
    expect((await api('GET', '/issues/999/')).statusCode).toBe(404);
    expect((await api('GET', `/issues/${issueId}/`, undefined, userToken)).statusCode).toBe(404);
    expect((await api('PUT', '/issues/', { ids: [issueId], status: 'resolved' }, userToken)).statusCode).toBe(
      404,
    );
    expect((await api('DELETE', `/issues/${issueId}/`, undefined, userToken)).statusCode).toBe(404);
    expect((await api('DELETE', `/issues/${issueId}/`)).statusCode).toBe(204);
    expect((await api('GET', `/issues/${issueId}/`)).statusCode).toBe(404);
  });
});
