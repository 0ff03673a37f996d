import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** What the transport needs from a response. */
export interface SendResult {
  status: number;
  retryAfter: string | null;
  rateLimits: string | null;
}

/** Sends bytes somewhere; the transport's only I/O (a test can put a real server behind it). */
export type Sender = (body: Uint8Array) => Promise<SendResult>;

/** Options of the HTTP sender. */
export interface HttpSenderOptions {
  url: string;
  /** Bodies larger than this are gzipped (@sentry/node uses 32 KiB). */
  gzipAbove?: number;
  /** Sockets kept open to the tracker. */
  maxSockets?: number;
  timeoutMs?: number;
  userAgent?: string;
}

/**
 * An envelope POST over node:http/https with a keep-alive agent. Network failures and timeouts
 * reject; every HTTP answer resolves, so the transport decides what a status means.
 */
export function createHttpSender(options: HttpSenderOptions): Sender & { close(): void } {
  const url = new URL(options.url);
  const mod = url.protocol === 'https:' ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8 });
  const gzipAbove = options.gzipAbove ?? 32 * 1024;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const send = async (body: Uint8Array): Promise<SendResult> => {
    const compressed = body.byteLength > gzipAbove;
    const payload = compressed ? await gzipAsync(body) : body;
    const headers: Record<string, string | number> = {
      'content-type': 'application/x-sentry-envelope',
      'content-length': payload.byteLength,
    };
    if (compressed) headers['content-encoding'] = 'gzip';
    if (options.userAgent) headers['user-agent'] = options.userAgent;
    return new Promise<SendResult>((resolve, reject) => {
      const req = mod.request(url, { method: 'POST', agent, headers, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: header(res.headers['retry-after']),
            rateLimits: header(res.headers['x-sentry-rate-limits']),
          }),
        );
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  };
  return Object.assign(send, { close: () => agent.destroy() });
}

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
