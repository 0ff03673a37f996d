import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as a client sent it (headers as given, body bytes untouched). */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export interface CaptureServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  port: number;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

// Browsers send the event with fetch from another origin; without these headers the page sees a
// network error even though the bytes arrived, and Sentry's browser SDK logs a failed send.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
};

/**
 * A stand-in ingest endpoint that records every request and answers as Sentry would, so the
 * client harnesses can be checked independently of the Faultline server.
 *
 * @example
 * const capture = await startCaptureServer();
 * const dsn = `http://publickey@127.0.0.1:${capture.port}/1`;
 */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS).end();
        return;
      }
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      });
      const id = randomUUID().replaceAll('-', '');
      res.writeHead(200, { 'content-type': 'application/json', ...CORS_HEADERS }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
