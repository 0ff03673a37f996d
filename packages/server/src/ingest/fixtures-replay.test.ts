// Every request a real Sentry SDK sent (shared/fixtures), replayed with its body byte for byte.
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, queued, type TestApp } from '../test-app.js';

const ROOT =
  process.env.FAULTLINE_FIXTURES ?? new URL('../../../../../shared/fixtures', import.meta.url).pathname;

interface Fixture {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: Buffer;
  /** The id of the event the request carries (queued), if any. */
  expectedId: string | undefined;
  /** The id the answer carries: the event's, or the envelope header's (a transaction's). */
  answerId: string | undefined;
}

function load(): Fixture[] {
  const out: Fixture[] = [];
  for (const client of readdirSync(ROOT, { withFileTypes: true })) {
    if (!client.isDirectory() || client.name.startsWith('_')) continue;
    for (const file of readdirSync(join(ROOT, client.name))
      .filter((f) => /^\d\d\.json$/.test(f))
      .sort()) {
      const raw = JSON.parse(readFileSync(join(ROOT, client.name, file), 'utf8'));
      const decoded = JSON.parse(
        readFileSync(join(ROOT, client.name, file.replace('.json', '.decoded.json')), 'utf8'),
      );
      out.push({
        name: `${client.name}/${file}`,
        method: raw.method,
        url: raw.url,
        headers: raw.headers,
        rawHeaders: raw.raw_headers,
        body: Buffer.from(raw.body, raw.bodyEncoding === 'base64' ? 'base64' : 'utf8'),
        expectedId: expectedEventId(decoded),
        answerId: expectedEventId(decoded) ?? decoded.envelope?.header.event_id,
      });
    }
  }
  return out;
}

/** The id the server must answer with, read from the decoded view (not from our own parser). */
function expectedEventId(decoded: {
  event?: { event_id?: string };
  envelope?: {
    header: { event_id?: string };
    items: Array<{ header: { type: string }; payload: { event_id?: string } }>;
  };
}): string | undefined {
  if (decoded.event) return decoded.event.event_id;
  const event = decoded.envelope?.items.find((i) => i.header.type === 'event');
  if (event === undefined) return undefined;
  return (decoded.envelope?.header.event_id ?? event.payload.event_id)?.replace(/-/g, '').toLowerCase();
}

const fixtures = load();
// The captures used DSN http://publickey@127.0.0.1:34211/1; our key is random, so only the
// credential is swapped (URL and auth header), never the body.
const withKey = (text: string, key: string) => text.replace(/publickey/g, key);

describe('fixture replay through inject()', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    expect(t.project.id).toBe(1);
  });
  afterAll(async () => {
    await t.close();
  });

  it('found the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
  });

  for (const fx of fixtures) {
    it(`accepts ${fx.name}`, async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(fx.headers)) {
        if (['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue;
        headers[name] = withKey(value, t.key.publicKey);
      }
      const res = await t.app.inject({
        method: fx.method as 'POST',
        url: withKey(fx.url, t.key.publicKey),
        headers,
        payload: fx.body,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(fx.answerId === undefined ? {} : { id: fx.answerId });
      const rows = await queued(t.storage);
      expect(rows.map((r) => r.eventId)).toEqual(fx.expectedId === undefined ? [] : [fx.expectedId]);
      if (rows.length > 0) {
        expect(JSON.parse(Buffer.from(rows[0]!.payload).toString()).event_id ?? fx.expectedId).toBe(
          fx.expectedId,
        );
        await t.storage.dropQueueItems(rows.map((r) => r.id));
      }
    });
  }
});

describe('fixture replay over a real socket, chunked, headers as captured', () => {
  it('accepts every @sentry/node request sent the way the SDK sends it', async () => {
    const t = await makeTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const node = fixtures.filter((f) => f.name.startsWith('sentry-node/'));
      expect(node.length).toBe(9);
      for (const fx of node) {
        const { status, body } = await sendRaw(port, fx, t.key.publicKey);
        expect(status, `${fx.name}: ${body}`).toBe(200);
        expect(JSON.parse(body)).toEqual(fx.answerId === undefined ? {} : { id: fx.answerId });
      }
      expect((await queued(t.storage)).length).toBe(node.filter((f) => f.expectedId !== undefined).length);
    } finally {
      await t.close();
    }
  });
});

/** Sends the captured raw headers in their case and order, and the body in chunks. */
function sendRaw(port: number, fx: Fixture, key: string): Promise<{ status: number; body: string }> {
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < fx.rawHeaders.length; i += 2) {
    const name = fx.rawHeaders[i]!;
    if (name.toLowerCase() === 'host') continue;
    headers.push([name, withKey(fx.rawHeaders[i + 1]!, key)]);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: fx.method,
        path: withKey(fx.url, key),
        headers: Object.fromEntries(headers),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    const half = Math.floor(fx.body.length / 2);
    req.write(fx.body.subarray(0, half));
    req.end(fx.body.subarray(half));
  });
}
