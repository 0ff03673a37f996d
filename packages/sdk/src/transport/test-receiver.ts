import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A received request. */
export interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/** An answer the receiver gives: status and headers. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

/** A real loopback HTTP server that records envelopes; `answer` decides each response. */
export async function startReceiver(answer: (req: Received, n: number) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    const r: Received = { url: req.url ?? '', headers: req.headers, body, at: Date.now() };
    const a = answer(r, received.length);
    if (a.status >= 200 && a.status < 300) received.push(r);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/api/1/envelope/`,
    received,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Waits until `check` holds, polling every 10 ms, at most `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
