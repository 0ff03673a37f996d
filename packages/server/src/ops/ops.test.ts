import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import type { DigestEvent } from '../storage/types.js';
import { envelope, makeTestApp, type TestApp } from '../test-app.js';
import { startRetention } from './retention.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('GET /healthz', () => {
  it('is 200 while the database answers and the queue is below its bound, 503 with the reason otherwise', async () => {
    t = await makeTestApp({ queueMaxDepth: 1 });
    const ok = await t.app.inject({ url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok', queueDepth: 0 });
    await t.storage.enqueue([
      { projectId: 1, eventId: 'a'.repeat(32), receivedAt: Date.now(), payload: Buffer.from('{}') },
    ]);
    const full = await t.app.inject({ url: '/healthz' });
    expect(full.statusCode).toBe(503);
    expect(full.json()).toMatchObject({ status: 'overloaded', reason: 'queue depth 1 at or above 1' });
    await t.storage.close();
    const down = await t.app.inject({ url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', reason: 'database does not answer' });
  });
});

describe('GET /metrics', () => {
  it('counts accepted and rejected events and reports queue depth and lag', async () => {
    t = await makeTestApp();
    const url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
    await t.app.inject({
      method: 'POST',
      url,
      payload: envelope({}, [[{ type: 'event' }, { message: 'm' }]]),
    });
    await t.app.inject({ method: 'POST', url, payload: 'garbage' });
    await t.app.inject({ method: 'POST', url: '/api/1/envelope/', payload: '{}' });
    t.metrics.eventsDigested = 3;
    t.metrics.issuesCreated = 2;
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = res.body.split('\n');
    expect(lines).toContain('faultline_events_accepted_total 1');
    expect(lines).toContain('faultline_events_rejected_total{reason="bad_request"} 1');
    expect(lines).toContain('faultline_events_rejected_total{reason="auth_missing"} 1');
    expect(lines).toContain('faultline_queue_depth 1');
    expect(lines).toContain('faultline_events_digested_total 3');
    expect(lines).toContain('faultline_issues_created_total 2');
    expect(lines).toContain('# TYPE faultline_digest_lag_seconds gauge');
    const lag = Number(lines.find((l) => l.startsWith('faultline_digest_lag_seconds '))!.split(' ')[1]);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60);
  });
});

describe('retention', () => {
  it('deletes events older than the retention period in batches and keeps newer ones', async () => {
    t = await makeTestApp();
    const day = 86_400_000;
    const now = Date.now();
    const ages = [100, 95, 91, 10, 1];
    await t.storage.enqueue(
      ages.map((age, i) => ({
        projectId: 1,
        eventId: String(i).repeat(32),
        receivedAt: now - age * day,
        payload: Buffer.from('{}'),
      })),
    );
    const claimed = await t.storage.claimQueueItems(100, 60_000);
    const events: DigestEvent[] = claimed.map((c) => ({
      queueId: c.id,
      projectId: 1,
      eventId: c.eventId,
      timestamp: c.receivedAt,
      receivedAt: c.receivedAt,
      level: 'error',
      title: 'E',
      culprit: '',
      groupingHash: 'f'.repeat(64),
      groupingVersion: 1,
      groupingKey: 'E',
      groupingComponents: [],
      userKey: null,
      environment: null,
      release: null,
      tags: [],
      data: Buffer.from('{}'),
    }));
    const [outcome] = await t.storage.digest(events);
    const job = startRetention({
      storage: t.storage,
      logger: createLogger('silent'),
      retentionDays: 90,
      batchSize: 2,
      intervalMs: 3_600_000,
    });
    try {
      expect(await job.runOnce()).toBe(3);
      const left = await t.storage.listEvents(outcome!.issueId, { limit: 10 });
      expect(left.items.map((e) => e.eventId).sort()).toEqual(['3'.repeat(32), '4'.repeat(32)]);
      expect(await job.runOnce()).toBe(0);
    } finally {
      job.stop();
    }
  });
});
