// Test-only loader for the real captured requests in ../shared/fixtures (excluded from the
// build by the `test-*` pattern; node:* imports are fine here, never in the package itself).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';

export const FIXTURES_DIR =
  process.env.FAULTLINE_FIXTURES ?? new URL('../../../../shared/fixtures', import.meta.url).pathname;

export interface Fixture {
  /** `client/NN`, e.g. `sentry-node/02`. */
  name: string;
  client: string;
  url: string;
  headers: Record<string, string>;
  /** Body as sent on the wire. */
  raw: Uint8Array;
  /** Body after Content-Encoding (gzip) is undone; raven's base64 layer is left for the test. */
  body: Uint8Array;
  kind: 'envelope' | 'store';
  /** The capture tool's own decoded view, for cross-checking. */
  decoded: Record<string, unknown>;
}

/** Every captured POST, in a stable order. */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const client of readdirSync(FIXTURES_DIR).sort()) {
    if (client.includes('.')) continue;
    for (const file of readdirSync(join(FIXTURES_DIR, client)).sort()) {
      if (!/^\d+\.json$/.test(file)) continue;
      const request = JSON.parse(readFileSync(join(FIXTURES_DIR, client, file), 'utf8'));
      if (request.method !== 'POST') continue;
      const raw = new Uint8Array(
        Buffer.from(request.body, request.bodyEncoding === 'base64' ? 'base64' : 'utf8'),
      );
      const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
      const body = encoding === 'gzip' ? new Uint8Array(gunzipSync(raw)) : raw;
      const decodedFile = join(FIXTURES_DIR, client, file.replace('.json', '.decoded.json'));
      out.push({
        name: `${client}/${file.slice(0, -5)}`,
        client,
        url: request.url,
        headers: request.headers,
        raw,
        body,
        kind: String(request.url).includes('/envelope/') ? 'envelope' : 'store',
        decoded: JSON.parse(readFileSync(decodedFile, 'utf8')),
      });
    }
  }
  return out;
}

/** Inflates a zlib stream (what raven's base64 layer wraps). */
export function inflate(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(inflateSync(bytes));
}

export interface FixtureEvent {
  name: string;
  client: string;
  /** The event payload bytes as ingest hands them to digest. */
  payload: Uint8Array;
  /** The envelope header's event_id / sent_at, when the event came in an envelope. */
  headerEventId?: string;
  sentAt?: string;
  /** When the capture server received the request, ms. */
  receivedAt: number;
  userAgent?: string;
}

/** Every error event in the captures (envelope `event` items and /store/ bodies). */
export function loadFixtureEvents(): FixtureEvent[] {
  const out: FixtureEvent[] = [];
  for (const f of loadFixtures()) {
    const request = JSON.parse(readFileSync(join(FIXTURES_DIR, `${f.name}.json`), 'utf8'));
    const receivedAt = Date.parse(request.received_at);
    const base = { name: f.name, client: f.client, receivedAt, userAgent: f.headers['user-agent'] };
    if (f.kind === 'store') {
      const text = Buffer.from(f.body).toString('utf8').trimStart();
      const payload = text.startsWith('{') ? f.body : inflate(Buffer.from(text, 'base64'));
      out.push({ ...base, payload });
      continue;
    }
    const lines = splitEnvelope(f.body);
    for (const item of lines.items) {
      if (item.type === 'event') {
        out.push({
          ...base,
          payload: item.payload,
          headerEventId: lines.header.event_id,
          sentAt: lines.header.sent_at,
        });
      }
    }
  }
  return out;
}

// A deliberately independent (simplistic) envelope reader so fixture loading does not depend on
// the parser under test: the captures have no binary items.
function splitEnvelope(body: Uint8Array): {
  header: { event_id?: string; sent_at?: string };
  items: Array<{ type: string; payload: Uint8Array }>;
} {
  const lines = Buffer.from(body).toString('utf8').split('\n');
  const header = JSON.parse(lines[0]!);
  const items: Array<{ type: string; payload: Uint8Array }> = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if (lines[i] === '') break;
    items.push({
      type: JSON.parse(lines[i]!).type,
      payload: new Uint8Array(Buffer.from(lines[i + 1]!, 'utf8')),
    });
  }
  return { header, items };
}
