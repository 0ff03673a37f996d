// The ONE way the server posts to a URL someone typed in (Bugsink's lesson): resolve the host,
// refuse forbidden addresses, connect to the checked address (a second DNS answer cannot swap in a
// private one: DNS rebinding), no redirects, a time limit, a cap on the response read.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isForbiddenAddress } from './address-guard.js';
import { AlertError } from './alert-errors.js';

export interface PosterOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Resolver, replaceable in tests to play a rebinding DNS server. */
  resolve?: (host: string) => Promise<Array<{ address: string; family: number }>>;
}

export interface PostResult {
  status: number;
  /** The response body, cut at maxResponseBytes. */
  body: string;
}

const defaultResolve = (host: string) => dnsLookup(host, { all: true, verbatim: true });

/** Resolves and checks the URL's host; returns the one address to connect to. */
export async function checkedAddress(
  url: URL,
  opts: Pick<PosterOptions, 'allowPrivate' | 'resolve'>,
): Promise<{ address: string; family: number }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AlertError(
      'FL_ALERT_WEBHOOK_REFUSED',
      `webhook URLs must be http or https, not ${url.protocol}`,
    );
  if (url.username || url.password)
    throw new AlertError('FL_ALERT_WEBHOOK_REFUSED', 'webhook URLs may not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const found = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await (opts.resolve ?? defaultResolve)(host);
  if (found.length === 0) throw new AlertError('FL_ALERT_WEBHOOK_FAILED', `${host} has no address`);
  if (!opts.allowPrivate) {
    // Every answer is checked: a host that resolves to one public and one private address is refused.
    const bad = found.find((a) => isForbiddenAddress(a.address));
    if (bad)
      throw new AlertError(
        'FL_ALERT_WEBHOOK_REFUSED',
        `${host} resolves to ${bad.address}, a private or reserved address (FAULTLINE_WEBHOOK_ALLOW_PRIVATE allows it)`,
      );
  }
  return found[0]!;
}

/**
 * Posts a JSON body; resolves with the status and (capped) body of any answer, redirects included
 * (never followed). Throws AlertError on a refused address, a timeout or a network failure.
 * @example const r = await postJson('https://hooks.example.com/x', { text: 'hi' }, { allowPrivate: false, timeoutMs: 10000, maxResponseBytes: 65536 });
 */
export async function postJson(target: string, payload: unknown, opts: PosterOptions): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch (cause) {
    throw new AlertError('FL_ALERT_WEBHOOK_REFUSED', 'the webhook URL is not a valid URL', { cause });
  }
  const pinned = await checkedAddress(url, opts);
  const lookup: LookupFunction = (_host, options, callback) => {
    const cb = callback as (...args: unknown[]) => void;
    if ((options as { all?: boolean }).all) cb(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const body = Buffer.from(JSON.stringify(payload));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup,
        agent: false,
        timeout: opts.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'Faultline-Alerts/1',
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        const finish = () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
        };
        res.on('data', (chunk: Buffer) => {
          const room = opts.maxResponseBytes - size;
          if (room > 0) parts.push(chunk.subarray(0, room));
          size += chunk.length;
          if (size >= opts.maxResponseBytes) {
            // Enough read: an endless answer must not hold the sender or its memory.
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        res.on('error', (cause) => fail(cause));
      },
    );
    // The socket timeout covers idle time only; this one covers the whole exchange.
    const timer = setTimeout(
      () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    const fail = (cause: unknown) => {
      clearTimeout(timer);
      reject(
        new AlertError('FL_ALERT_WEBHOOK_FAILED', `webhook request failed: ${(cause as Error).message}`, {
          cause,
        }),
      );
    };
    req.on('timeout', () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)));
    req.on('error', fail);
    req.end(body);
  });
}
