/// <reference types="node" />
// A framework-neutral view of an HTTP answer, so the contract suite reads every adapter the same way.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP answer: status, header lines as sent (names in lower case), body text. */
export interface Reply {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/** Every value of a header, one per header line. */
export function headerValues(reply: Reply, name: string): string[] {
  const key = name.toLowerCase();
  return reply.headers.filter(([n]) => n === key).map(([, v]) => v);
}

/** A header's value (lines joined with ", " as a web Headers object would). */
export function header(reply: Reply, name: string): string | undefined {
  const values = headerValues(reply, name);
  return values.length === 0 ? undefined : values.join(', ');
}

/** Sends one request with node's own HTTP client and keeps the header lines exactly as received. */
export function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: pairs,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The port a listening node server got from `listen(0)`. */
export function portOf(server: { address(): string | AddressInfo | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}

/** Converts a web Response (Hono's app.request) into a Reply; web Headers already joined repeated lines. */
export async function fromResponse(response: Response): Promise<Reply> {
  const pairs: Array<[string, string]> = [];
  response.headers.forEach((value, name) => {
    pairs.push([name, value]);
  });
  return { status: response.status, headers: pairs, body: await response.text() };
}
