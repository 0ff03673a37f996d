import type { Breadcrumb, Contexts, RequestData, User } from '../types.js';
import { normalizeLevel } from './level.js';
import { parseTimestamp } from './timestamp.js';
import { asString, asStringRecord, asValues, entries, isObject } from './values.js';

const MAX_BREADCRUMBS = 200;

/** `user`, with `ip_address: "{{auto}}"` resolved to the client address (or dropped). */
export function normalizeUser(raw: unknown, clientIp: string | undefined): User | undefined {
  if (!isObject(raw)) return undefined;
  const user: User = { ...raw };
  for (const key of ['id', 'email', 'username', 'name', 'ip_address']) {
    const s = asString(raw[key]);
    if (s === undefined) delete user[key];
    else user[key] = s;
  }
  if (user.ip_address === '{{auto}}') {
    if (clientIp) user.ip_address = clientIp;
    else delete user.ip_address;
  }
  return Object.keys(user).length > 0 ? user : undefined;
}

/** `request`: headers from a dict, pairs or PHP's `{name: [values]}`; method upper-cased. */
export function normalizeRequest(raw: unknown): RequestData | undefined {
  if (!isObject(raw)) return undefined;
  const request: RequestData = { ...raw };
  const url = asString(raw.url);
  if (url === undefined) delete request.url;
  else request.url = url;
  const method = asString(raw.method);
  if (method === undefined) delete request.method;
  else request.method = method.toUpperCase();
  const headers = asStringRecord(raw.headers);
  if (headers) request.headers = headers;
  else delete request.headers;
  if (Array.isArray(raw.cookies)) {
    const cookies = asStringRecord(raw.cookies);
    if (cookies) request.cookies = cookies;
    else delete request.cookies;
  }
  return Object.keys(request).length > 0 ? request : undefined;
}

/** `contexts`: non-object values dropped, each context's `type` defaulting to its key. */
export function normalizeContexts(raw: unknown): Contexts | undefined {
  const out: Contexts = {};
  let any = false;
  for (const [key, value] of entries(raw)) {
    if (typeof key !== 'string' || !isObject(value)) continue;
    out[key] = { ...value, type: typeof value.type === 'string' ? value.type : key };
    any = true;
  }
  return any ? out : undefined;
}

/** Breadcrumbs from `{values}` or a bare list, oldest first, timestamps as epoch seconds. */
export function normalizeBreadcrumbs(raw: unknown): Breadcrumb[] {
  const crumbs = asValues(raw).slice(-MAX_BREADCRUMBS);
  return crumbs.map((entry) => {
    const crumb: Breadcrumb = { ...entry };
    const ts = parseTimestamp(entry.timestamp);
    if (ts === undefined) delete crumb.timestamp;
    else crumb.timestamp = ts;
    if (entry.level !== undefined) crumb.level = normalizeLevel(entry.level);
    for (const key of ['type', 'category', 'message']) {
      const s = typeof entry[key] === 'string' ? (entry[key] as string) : undefined;
      if (s === undefined) delete crumb[key];
    }
    if (!isObject(entry.data)) delete crumb.data;
    return crumb;
  });
}
