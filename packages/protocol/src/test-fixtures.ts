// Test-only loader for the real captured requests in /work/shared/fixtures (excluded from the
// build by the `test-*` pattern; node:* imports are fine here, never in the package itself).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';

export const FIXTURES_DIR = process.env.FAULTLINE_FIXTURES ?? '/work/shared/fixtures';

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
