import { startSmtpInbox } from '@faultline/test-utils/smtp';
// The alert API over real HTTP handling (inject), real SQLite, real SMTP and a real receiver.

import { tempDir } from '@faultline/test-utils';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../auth/tokens.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage } from '../storage/types.js';
import { makeTestApp } from '../test-app.js';
import { registerAlertApiRoutes } from './api-routes.js';
import { startReceiver } from './test-alerts.js';

const dir = tempDir('fl-alert-api-');
afterAll(() => dir.remove());
let n = 0;
let storage: Storage;
let app: FastifyInstance;
let projectId: number;
let adminToken: string;
let outsiderToken: string;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;

beforeEach(async () => {
  smtp = await startSmtpInbox();
  storage = await openStorage(`sqlite:${dir.path}/api-${++n}.sqlite`, { migrate: true });
  projectId = (await storage.createProject({ name: 'Shop' })).id;
  const admin = await storage.createUser({ email: 'admin@example.com', passwordHash: 'x', isAdmin: true });
  const outsider = await storage.createUser({ email: 'out@example.com', passwordHash: 'x', isAdmin: false });
  adminToken = (await createApiToken(storage, admin, 't')).token;
  outsiderToken = (await createApiToken(storage, outsider, 't')).token;
  app = Fastify();
  registerAlertApiRoutes(app, {
    storage,
    logger: { error() {} },
    settings: {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      smtpFrom: 'alerts@example.com',
      publicUrl: 'http://faultline.test',
      webhookAllowPrivate: false,
      webhookTimeoutMs: 2000,
      webhookMaxResponseBytes: 1024,
      hourlyCap: 100,
      retryBaseMs: 1000,
      retryMaxMs: 10_000,
      maxAgeMs: 3_600_000,
      pollMs: 100,
    },
  });
});
afterEach(async () => {
  await app.close();
  await storage.close();
  await smtp.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, token = adminToken) =>
  app.inject({
    method,
    url: `/api/0${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });

describe('alert rules API', () => {
  it('creates, reads, updates, lists and deletes a rule, with defaults filled in', async () => {
    const created = await call('POST', `/projects/${projectId}/alert-rules`, {
      name: 'Busy',
      trigger: 'frequency',
      threshold: 50,
      filters: { environment: 'production', minLevel: 'error' },
      channels: [{ type: 'email', to: ['oncall@example.com'] }],
    });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      name: 'Busy',
      windowMinutes: 60,
      throttleMinutes: 60,
      digestMinutes: 0,
      enabled: true,
    });
    expect((await call('GET', `/projects/${projectId}/alert-rules/${rule.id}`)).json().name).toBe('Busy');
    const updated = await call('PUT', `/projects/${projectId}/alert-rules/${rule.id}`, {
      ...rule,
      name: 'Busier',
      threshold: 80,
    });
    expect(updated.json()).toMatchObject({ name: 'Busier', threshold: 80 });
    expect((await call('GET', `/projects/${projectId}/alert-rules`)).json()).toHaveLength(1);
    expect((await call('DELETE', `/projects/${projectId}/alert-rules/${rule.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/projects/${projectId}/alert-rules/${rule.id}`)).statusCode).toBe(404);
  });

  it('answers 400 FL_ALERT_INVALID naming the bad field, 401 without a token, 404 for others’ projects', async () => {
    const bad = await call('POST', `/projects/${projectId}/alert-rules`, {
      name: 'x',
      trigger: 'sometimes',
      channels: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'FL_ALERT_INVALID',
      detail: expect.stringContaining('trigger'),
    });
    const hook = await call('POST', `/projects/${projectId}/alert-rules`, {
      name: 'x',
      trigger: 'new_issue',
      channels: [{ type: 'webhook', url: 'file:///etc/passwd' }],
    });
    expect(hook.json().detail).toMatch(/http or https/);
    const anon = await app.inject({ method: 'GET', url: `/api/0/projects/${projectId}/alert-rules` });
    expect(anon.statusCode).toBe(401);
    const other = await call('GET', `/projects/${projectId}/alert-rules`, undefined, outsiderToken);
    expect(other.statusCode).toBe(404);
  });

  it('sends a test notification over every channel and reports each result', async () => {
    const receiver = await startReceiver();
    try {
      const rule = (
        await call('POST', `/projects/${projectId}/alert-rules`, {
          name: 'both',
          trigger: 'new_issue',
          channels: [
            { type: 'email', to: ['oncall@example.com'] },
            { type: 'webhook', url: receiver.url, format: 'slack' },
          ],
        })
      ).json();
      const res = await call('POST', `/projects/${projectId}/alert-rules/${rule.id}/test`);
      const { results } = res.json();
      expect(results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
      expect(results[1].error).toMatch(/^FL_ALERT_WEBHOOK_REFUSED/);
      expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([
        [['oncall@example.com'], '[Shop] Test notification from Faultline'],
      ]);
      expect(receiver.bodies).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('lists deliveries with their state', async () => {
    await call('POST', `/projects/${projectId}/alert-rules`, {
      name: 'n',
      trigger: 'new_issue',
      channels: [{ type: 'email' }],
    });
    const res = await call('GET', `/projects/${projectId}/alert-deliveries`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });
});

describe('wired into the server app', () => {
  it('serves the alert API next to the read API', async () => {
    const t = await makeTestApp();
    try {
      const admin = await t.storage.createUser({ email: 'a@example.com', passwordHash: 'x', isAdmin: true });
      const { token } = await createApiToken(t.storage, admin, 't');
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/0/projects/${t.project.id}/alert-rules`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
