import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawRequest } from './raw-http.js';

/** Where the real-client captures live (see its README.md). */
export const FIXTURES_DIR =
  process.env.FAULTLINE_FIXTURES ?? new URL('../../../../shared/fixtures', import.meta.url).pathname;

/** The project id and public key the fixtures were captured with. */
const CAPTURED_PROJECT_ID = '1';
const CAPTURED_KEY = 'publickey';

/** One captured request as stored in `<client>/NN.json`. */
export interface Fixture {
  /** `<client>/NN`, for messages. */
  name: string;
  client: string;
  method: string;
  url: string;
  raw_headers: string[];
  bodyEncoding: 'utf8' | 'base64';
  body: string;
}

/** Every `<client>/NN.json` capture, in a stable order. */
export function loadFixtures(dir = FIXTURES_DIR): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const client of readdirSync(dir, { withFileTypes: true })) {
    if (!client.isDirectory() || client.name.startsWith('_')) continue;
    for (const file of readdirSync(join(dir, client.name)).sort()) {
      if (!/^\d+\.json$/.test(file)) continue;
      const raw = JSON.parse(readFileSync(join(dir, client.name, file), 'utf8')) as Omit<
        Fixture,
        'name' | 'client'
      >;
      fixtures.push({ ...raw, name: `${client.name}/${file.replace('.json', '')}`, client: client.name });
    }
  }
  return fixtures;
}

/** The body bytes exactly as the client sent them. */
export function fixtureBody(fixture: Fixture): Buffer {
  return Buffer.from(fixture.body, fixture.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/**
 * The fixture as a raw request aimed at another project: only the project id in the path and the
 * key in the query string and the auth header change; header order, case and body bytes do not.
 * `Transfer-Encoding: chunked` captures are re-framed as chunks (the capture stored the payload).
 */
export function fixtureRequest(
  fixture: Fixture,
  target: { projectId: number; publicKey: string },
): RawRequest {
  const path = fixture.url
    .replace(`/api/${CAPTURED_PROJECT_ID}/`, `/api/${target.projectId}/`)
    .replace(`sentry_key=${CAPTURED_KEY}`, `sentry_key=${target.publicKey}`);
  const headers: Array<[string, string]> = [];
  let chunked = false;
  for (let i = 0; i + 1 < fixture.raw_headers.length; i += 2) {
    const name = fixture.raw_headers[i]!;
    let value = fixture.raw_headers[i + 1]!;
    const lower = name.toLowerCase();
    if (lower === 'x-sentry-auth' || lower === 'authorization')
      value = value.replace(`sentry_key=${CAPTURED_KEY}`, `sentry_key=${target.publicKey}`);
    if (lower === 'transfer-encoding' && value.toLowerCase().includes('chunked')) chunked = true;
    headers.push([name, value]);
  }
  return { method: fixture.method, path, headers, body: fixtureBody(fixture), chunked };
}
