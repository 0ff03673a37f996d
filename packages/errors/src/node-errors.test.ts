// Real Node errors and Node's inspect through the core; outside core/ because it imports node:*.
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  ConnectionRefusedError,
  createErrorApp,
  FileNotFoundError,
  handleError,
  NotFound,
  OSError,
} from './index.js';

const request = { method: 'GET', path: '/x', url: '/x', headers: {} };

/** A port on 127.0.0.1 that nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function refusedConnection(): Promise<Error> {
  const port = await closedPort();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', resolve);
  });
}

describe('with real Node errors', () => {
  it('#25 util.inspect shows the Werkzeug repr form', () => {
    expect(inspect(new NotFound())).toBe("<NotFound '404: Not Found'>");
  });

  it('a real ECONNREFUSED from node:net is caught by the ConnectionRefusedError handler, unwrapped', async () => {
    const error = await refusedConnection();
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    const app = createErrorApp();
    let received: unknown;
    app.register(ConnectionError, () => 'general');
    app.register(ConnectionRefusedError, (e) => {
      received = e;
      return ['database unreachable', 503];
    });
    const response = await handleError(error, { app, request });
    expect([response.status, response.body]).toEqual([503, 'database unreachable']);
    expect(received).toBe(error);
  });

  it('a real ENOENT from node:fs reaches the FileNotFoundError handler, and OSError catches the rest', async () => {
    const error = await readFile('/nonexistent/faultline/file').catch((e: Error) => e);
    const app = createErrorApp();
    app.register(FileNotFoundError, () => ['no such file', 404]);
    app.register(OSError, () => ['os error', 500]);
    expect((await handleError(error, { app, request })).body).toBe('no such file');
    const eisdir = await readFile('/').catch((e: Error) => e);
    expect((eisdir as { code?: string }).code).toBe('EISDIR');
    expect((await handleError(eisdir, { app, request })).body).toBe('os error');
  });
});
