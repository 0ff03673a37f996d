// Realistic ingest load: every event-bearing request captured from a real SDK in shared/fixtures,
// re-addressed to the bench project and given a fresh event id per request (so the server stores
// each one instead of dropping duplicates). Bodies keep their original transport encoding.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';

export interface RequestTemplate {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** Decoded body with every event id replaced by EVENT_ID_MARK. */
  decoded: string;
  encoding: 'none' | 'gzip' | 'base64-zlib';
}

export interface BenchRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  eventId: string;
}

const EVENT_ID_MARK = '@@EVENTID_0000000000000000000000@';
const SKIP_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/** Finds the fixtures folder from the repository root (../shared beside the checkout). */
export function fixturesDir(repoRoot: string): string {
  return join(repoRoot, '..', 'shared', 'fixtures');
}

/** Loads every fixture request that carries an error or message event. */
export function loadTemplates(dir: string): RequestTemplate[] {
  const out: RequestTemplate[] = [];
  for (const client of readdirSync(dir, { withFileTypes: true })) {
    if (!client.isDirectory() || client.name.startsWith('_')) continue;
    for (const file of readdirSync(join(dir, client.name)).filter((f) => /^\d+\.json$/.test(f))) {
      const raw = JSON.parse(readFileSync(join(dir, client.name, file), 'utf8'));
      const bytes = Buffer.from(raw.body, raw.bodyEncoding === 'base64' ? 'base64' : 'utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw.headers as Record<string, string>)) {
        if (!SKIP_HEADERS.has(k)) headers[k] = v;
      }
      let encoding: RequestTemplate['encoding'] = 'none';
      let decoded: string;
      if (headers['content-encoding'] === 'gzip') {
        encoding = 'gzip';
        decoded = gunzipSync(bytes).toString('utf8');
      } else if (headers['content-type'] === 'application/octet-stream') {
        encoding = 'base64-zlib';
        decoded = inflateSync(Buffer.from(bytes.toString('latin1'), 'base64')).toString('utf8');
      } else {
        decoded = bytes.toString('utf8');
      }
      const isEnvelope = raw.url.includes('/envelope/');
      if (isEnvelope && !/"type":"event"/.test(decoded)) continue; // sessions, client reports, spans
      // Every event id in the body gets the fresh one: raven's breadcrumbs name the previous event
      // before the event's own id, and a template keeping its real id would be a duplicate (and not
      // stored) on every request after the first.
      const ids = new Set([...decoded.matchAll(/"event_id":\s*"([0-9a-f]{32})"/g)].map((m) => m[1]!));
      if (ids.size === 0) continue;
      out.push({
        name: `${client.name}/${file}`,
        path: new URL(raw.url, 'http://x').pathname,
        headers,
        decoded: [...ids].reduce((text, id) => text.split(id).join(EVENT_ID_MARK), decoded),
        encoding,
      });
    }
  }
  return out;
}

/** Materialises one request for a project, with a fresh event id. */
export function makeRequest(t: RequestTemplate, projectId: number, publicKey: string): BenchRequest {
  const eventId = randomBytes(16).toString('hex');
  const text = t.decoded.split(EVENT_ID_MARK).join(eventId);
  let body = Buffer.from(text, 'utf8');
  if (t.encoding === 'gzip') body = gzipSync(body, { level: 6 });
  if (t.encoding === 'base64-zlib') body = Buffer.from(deflateSync(body).toString('base64'), 'latin1');
  const path = t.path.replace(/^\/api\/\d+\//, `/api/${projectId}/`);
  const headers = { ...t.headers };
  if (headers['x-sentry-auth'])
    headers['x-sentry-auth'] = headers['x-sentry-auth'].replace(/sentry_key=\w+/, `sentry_key=${publicKey}`);
  const query = headers['x-sentry-auth'] ? '' : `?sentry_version=7&sentry_key=${publicKey}`;
  return { path: path + query, headers, body, eventId };
}
