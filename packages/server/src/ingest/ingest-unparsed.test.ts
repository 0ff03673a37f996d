// Ingest does not parse events. Those whose envelope header names them get their size and outer
// braces checked; the others, and legacy /store/ bodies, are scanned for their top-level id and type
// (structure and depth checked on the way). Digest drops the ones that turn out not to be JSON.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../digest/test-worker-helpers.js';
import { createDigestWorker } from '../digest/worker.js';
import { envelope, makeTestApp, queued, type TestApp } from '../test-app.js';

const ID = 'fe'.repeat(16);
let t: TestApp;
let url: string;

beforeEach(async () => {
  t = await makeTestApp({ maxEventBytes: 4096, maxJsonDepth: 8 });
  url = `/api/1/envelope/?sentry_key=${t.key.publicKey}`;
});
afterEach(async () => {
  await t.close();
});

const withPayload = (payload: string, header: Record<string, unknown> = { event_id: ID }) =>
  t.app.inject({ method: 'POST', url, payload: envelope(header, [[{ type: 'event' }, payload]]) });

describe('events named by the envelope header', () => {
  it('are queued as sent, answered with the header id, even when the payload is broken JSON', async () => {
    const res = await withPayload('{"message": "cut short');
    expect(res.statusCode).toBe(400);
    const broken = await withPayload(' {"message": "cut", } ');
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toEqual({ id: ID });
    const rows = await queued(t.storage);
    expect(rows.map((r) => Buffer.from(r.payload).toString())).toEqual([' {"message": "cut", } ']);
  });

  it('still get 400 when not an object and 413 when too large, before anything is queued', async () => {
    for (const payload of ['[1,2]', '"text"', '{', '  ', '42}']) {
      const res = await withPayload(payload);
      expect(res.statusCode, payload).toBe(400);
    }
    const big = await withPayload(`{"message":"${'x'.repeat(5000)}"}`);
    expect(big.statusCode).toBe(413);
    expect(await queued(t.storage)).toHaveLength(0);
  });

  it('are scanned by ingest when no header names them (the id comes from the payload)', async () => {
    const bad = await withPayload('{"event_id": ', {});
    expect(bad.statusCode).toBe(400);
    const deep = await withPayload(`{"extra":${'['.repeat(20)}${']'.repeat(20)}}`, {});
    expect(deep.statusCode).toBe(400);
    const ok = await withPayload(JSON.stringify({ event_id: ID, message: 'm' }), {});
    expect(ok.json()).toEqual({ id: ID });
  });

  it('are dropped by digest when not JSON or deeper than maxJsonDepth, and stored otherwise', async () => {
    await withPayload('{"message": "cut", }');
    await withPayload(`{"extra":${'['.repeat(20)}${']'.repeat(20)}}`, { event_id: 'aa'.repeat(16) });
    await withPayload('{"message": "fine", "level": "error"}', { event_id: 'bb'.repeat(16) });
    const { logger, lines } = capturingLogger();
    const worker = createDigestWorker({ storage: t.storage, logger, maxJsonDepth: 8 });
    expect(await worker.runOnce()).toBe(3);
    expect(await t.storage.queueDepth()).toBe(0);
    const dropped = lines.filter((l) => l.msg === 'queue item cannot be digested; dropped');
    expect(dropped.map((l) => l.eventId).sort()).toEqual(['aa'.repeat(16), ID]);
    const issues = (await t.storage.listIssues({})).items;
    expect(issues.map((i) => i.eventCount)).toEqual([1]);
  });
});

describe('legacy /store/ events', () => {
  const store = (payload: string) =>
    t.app.inject({ method: 'POST', url: `/api/1/store/?sentry_key=${t.key.publicKey}`, payload });

  it('are answered with their top-level id; broken structure and depth still get 400', async () => {
    expect((await store('{"message": "cut short')).statusCode).toBe(400);
    expect((await store(`{"extra":${'['.repeat(20)}${']'.repeat(20)}}`)).statusCode).toBe(400);
    const nested = `{"breadcrumbs":[{"event_id":"${'ab'.repeat(16)}"}],"event_id":"${'cc'.repeat(16)}"}`;
    expect((await store(nested)).json()).toEqual({ id: 'cc'.repeat(16) });
    const tx = await store(`{"event_id":"${'dd'.repeat(16)}","type":"transaction"}`);
    expect(tx.json()).toEqual({ id: 'dd'.repeat(16) });
    expect((await queued(t.storage)).map((r) => r.eventId)).toEqual(['cc'.repeat(16)]);
  });

  it('are dropped by digest when a bad token hides inside', async () => {
    const broken = await store(`{"event_id": "${'ee'.repeat(16)}", "message": "cut", }`);
    expect(broken.json()).toEqual({ id: 'ee'.repeat(16) });
    const { logger, lines } = capturingLogger();
    const worker = createDigestWorker({ storage: t.storage, logger, maxJsonDepth: 8 });
    expect(await worker.runOnce()).toBe(1);
    expect(lines.filter((l) => l.msg === 'queue item cannot be digested; dropped')).toHaveLength(1);
    expect((await t.storage.listIssues({})).items).toHaveLength(0);
  });
});
