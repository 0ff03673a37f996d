/// <reference types="node" />
// Shared by the example tests: run an app on a free loopback port and fetch from it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running example app: `get(path)` fetches from it, `close()` stops it. */
export interface Running {
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Starts an app (anything with Express's listen) on 127.0.0.1:0. */
export async function start(app: {
  listen(port: number, host: string, cb: () => void): Server;
}): Promise<Running> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    get: (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
