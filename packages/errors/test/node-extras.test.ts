/// <reference types="node" />
// node:http behaviour beyond the shared contract: the onPropagate option, the default propagation.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { faultline } from '../src/adapters/node.js';
import { createErrorApp } from '../src/index.js';
import { portOf, send } from './contract/reply.js';

describe('node:http', () => {
  it('answers a bare 500 and rejects with the original error by default when propagating', async () => {
    const error = new Error('to the caller');
    const handler = faultline(
      () => {
        throw error;
      },
      { testing: true },
    );
    const rejections: unknown[] = [];
    const server = createServer((req, res) => {
      handler(req, res).catch((e: unknown) => rejections.push(e));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const reply = await send(portOf(server), 'GET', '/');
    expect([reply.status, reply.body]).toEqual([500, 'Internal Server Error']);
    expect(rejections).toEqual([error]);
    expect(handler.app.settings.testing).toBe(true);
    server.close();
  });

  it('lets onPropagate decide instead', async () => {
    const seen: unknown[] = [];
    const handler = faultline(
      () => {
        throw new Error('dev server');
      },
      {
        app: createErrorApp({ debug: true }),
        onPropagate: (error, _req, res) => {
          seen.push(error);
          res.statusCode = 500;
          res.end('dev page');
        },
      },
    );
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const reply = await send(portOf(server), 'GET', '/');
    expect([reply.status, reply.body]).toEqual([500, 'dev page']);
    expect((seen[0] as Error).message).toBe('dev server');
    server.close();
  });
});
