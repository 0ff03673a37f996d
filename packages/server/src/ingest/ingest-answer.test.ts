import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CORS_HEADERS, PREFLIGHT_HEADERS } from './cors.js';
import { writeAnswer } from './ingest-answer.js';

function capture() {
  const seen: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      seen.status = status;
      seen.headers = headers;
    },
    end(body?: string) {
      seen.body = body;
    },
  } as unknown as ServerResponse;
  return { res, seen };
}

describe('writeAnswer', () => {
  it('sends the CORS headers, the extra ones, then type and length, in that order', () => {
    const { res, seen } = capture();
    writeAnswer(res, 200, { 'x-sentry-rate-limits': '3600:span:organization:unsupported' }, { id: 'a' });
    expect(seen.status).toBe(200);
    expect(Object.entries(seen.headers!)).toEqual([
      ...Object.entries(CORS_HEADERS),
      ['x-sentry-rate-limits', '3600:span:organization:unsupported'],
      ['content-type', 'application/json; charset=utf-8'],
      ['content-length', '10'],
    ]);
    expect(seen.body).toBe('{"id":"a"}');
  });

  it('lets given headers replace CORS ones in place, as object spread did', () => {
    const { res, seen } = capture();
    writeAnswer(res, 200, PREFLIGHT_HEADERS);
    const spread: Record<string, string> = { ...CORS_HEADERS, ...PREFLIGHT_HEADERS, 'content-length': '0' };
    expect(Object.entries(seen.headers!)).toEqual(Object.entries(spread));
    expect(seen.body).toBeUndefined();
  });
});
