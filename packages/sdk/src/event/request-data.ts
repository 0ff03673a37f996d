import type { RequestData } from '../types.js';

/** The request shape @faultline/errors hands to onException (structural, so any adapter fits). */
export interface RequestLike {
  method?: string;
  path?: string;
  url?: string;
  headers?: Record<string, string | string[] | undefined> | Headers;
  query?: Record<string, unknown> | string;
  body?: unknown;
  remoteAddress?: string;
}

/** How much of a request goes into an event. */
export interface RequestDataOptions {
  /** Bodies larger than this (serialized) are replaced by a note of their size. */
  maxBodyBytes: number;
  /** Cookies and the client IP are personal data: kept only when this is true. */
  sendDefaultPii: boolean;
}

/** Event `request` from a framework request. */
export function requestData(req: RequestLike, options: RequestDataOptions): RequestData {
  const headers = plainHeaders(req.headers);
  const cookieHeader = headers.cookie;
  if (!options.sendDefaultPii) delete headers.cookie;
  const out: RequestData = { method: req.method, url: absoluteUrl(req, headers), headers };
  const q = queryString(req);
  if (q) out.query_string = q;
  if (req.body !== undefined && req.body !== null && req.body !== '')
    out.data = boundedBody(req.body, options.maxBodyBytes);
  if (options.sendDefaultPii) {
    if (cookieHeader) out.cookies = parseCookies(cookieHeader);
    if (req.remoteAddress) out.env = { REMOTE_ADDR: req.remoteAddress };
  }
  return out;
}

function plainHeaders(input: RequestLike['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!input) return out;
  const entries = input instanceof Headers ? [...input.entries()] : Object.entries(input);
  for (const [k, v] of entries)
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function absoluteUrl(req: RequestLike, headers: Record<string, string>): string | undefined {
  const raw = req.url ?? req.path;
  if (!raw) return undefined;
  if (/^https?:\/\//.test(raw)) return stripQuery(raw);
  const host = headers['x-forwarded-host'] ?? headers.host;
  const proto = headers['x-forwarded-proto']?.split(',')[0]?.trim() ?? 'http';
  return stripQuery(host ? `${proto}://${host}${raw.startsWith('/') ? '' : '/'}${raw}` : raw);
}

function stripQuery(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function queryString(req: RequestLike): string | undefined {
  if (typeof req.query === 'string') return req.query.replace(/^\?/, '') || undefined;
  const raw = req.url ?? req.path ?? '';
  const q = raw.indexOf('?');
  if (q >= 0) return raw.slice(q + 1) || undefined;
  if (req.query && typeof req.query === 'object') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) {
      for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) params.append(k, String(one));
    }
    return params.toString() || undefined;
  }
  return undefined;
}

function boundedBody(body: unknown, max: number): unknown {
  if (typeof body === 'string')
    return body.length > max ? `[body of ${body.length} characters, over ${max}]` : body;
  if (body instanceof Uint8Array) return `[binary body of ${body.byteLength} bytes]`;
  let size: number;
  try {
    size = JSON.stringify(body)?.length ?? 0;
  } catch {
    return '[unserializable body]';
  }
  return size > max ? `[body of ${size} bytes, over ${max}]` : body;
}

function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
