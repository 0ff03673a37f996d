/// <reference types="node" />
// Shared by the examples: listen when the file is run directly (not when a test imports it).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/** Whether the module with this import.meta.url is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === moduleUrl;
}

/** Listens on 127.0.0.1 at $PORT (or a free port) and prints the URL. */
export function serve(app: { listen(port: number, host: string, cb: () => void): Server }): Server {
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`listening on http://127.0.0.1:${port}/`);
  });
  return server;
}
