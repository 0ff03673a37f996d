// Every value a handler may return (Flask's view return values), with what must reach the client.
import { expect } from 'vitest';
import { Forbidden, type HandlerResult, type HTTPException } from '../../src/index.js';
import type { AdapterFixture } from './fixture.js';
import { header, type Reply } from './reply.js';

/** One handler result shape and the answer it must produce. */
export interface ResultShapeCase {
  name: string;
  handler: (error: HTTPException) => HandlerResult | Promise<HandlerResult>;
  check: (reply: Reply, fixture: AdapterFixture) => void;
}

const HTML = 'text/html; charset=utf-8';

export const resultShapeCases: ResultShapeCase[] = [
  {
    name: 'a string: status 200, text/html (16)',
    handler: () => 'plain text',
    check: (r) => expect([r.status, header(r, 'content-type'), r.body]).toEqual([200, HTML, 'plain text']),
  },
  {
    name: 'a Uint8Array: status 200, the bytes',
    handler: () => new TextEncoder().encode('bytes ✓'),
    check: (r) => expect([r.status, r.body]).toEqual([200, 'bytes ✓']),
  },
  {
    name: 'a plain object: JSON',
    handler: (e) => ({ error: e.name, code: e.code }),
    check: (r) => {
      expect(r.status).toBe(200);
      expect(header(r, 'content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(r.body)).toEqual({ error: 'Forbidden', code: 403 });
    },
  },
  {
    name: 'an array: a JSON list',
    handler: () => ['a', 'b', 'c'],
    check: (r) => expect([r.status, JSON.parse(r.body)]).toEqual([200, ['a', 'b', 'c']]),
  },
  {
    name: '[body, status]',
    handler: () => ['denied', 403],
    check: (r) => expect([r.status, r.body]).toEqual([403, 'denied']),
  },
  {
    name: '[body, headers]',
    handler: () => ['with header', { 'X-E': '1' }],
    check: (r) => expect([r.status, header(r, 'x-e'), r.body]).toEqual([200, '1', 'with header']),
  },
  {
    name: '[body, status, headers] (17)',
    handler: (e) => [{ error: e.name }, 404, { 'X-E': '1' }],
    check: (r) => {
      expect([r.status, header(r, 'x-e'), JSON.parse(r.body)]).toEqual([404, '1', { error: 'Forbidden' }]);
      expect(header(r, 'content-type')).toMatch(/^application\/json/);
    },
  },
  {
    name: 'a web Response, status and headers kept',
    handler: () => new Response('short and stout', { status: 418, headers: { 'x-teapot': 'yes' } }),
    check: (r) => expect([r.status, header(r, 'x-teapot'), r.body]).toEqual([418, 'yes', 'short and stout']),
  },
  {
    name: 'the exception itself: its default response (18)',
    handler: (e) => e,
    check: (r) => expect([r.status, r.body]).toEqual([403, new Forbidden().getBody()]),
  },
  {
    name: 'an async handler',
    handler: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return ['later', 202];
    },
    check: (r) => expect([r.status, r.body]).toEqual([202, 'later']),
  },
  {
    name: 'an invalid value: a TypeError down the 500 path (41)',
    handler: () => 42 as unknown as HandlerResult,
    check: (r) => expect(r.status).toBe(500),
  },
];
