import type { Breadcrumb, Contexts, RequestData, User } from '../types.js';
import { normalizeLevel } from './level.js';
import { parseTimestamp } from './timestamp.js';
import { asString, asStringRecord, asValues, copyWithout, entries, isObject, setDefined } from './values.js';

const MAX_BREADCRUMBS = 200;

const USER_STRINGS = ['id', 'email', 'username', 'name', 'ip_address'];
const USER_REWRITTEN = new Set(USER_STRINGS);

/** `user`, with `ip_address: "{{auto}}"` resolved to the client address (or dropped). */
export function normalizeUser(raw: unknown, clientIp: string | undefined): User | undefined {
  if (!isObject(raw)) return undefined;
  const user = copyWithout(raw, USER_REWRITTEN) as User;
  for (const key of USER_STRINGS) {
    const s = asString(raw[key]);
    if (key === 'ip_address' && s === '{{auto}}') setDefined(user, key, clientIp);
    else setDefined(user, key, s);
  }
  return Object.keys(user).length > 0 ? user : undefined;
}

const REQUEST_REWRITTEN = new Set(['url', 'method', 'headers', 'cookies']);

/** `request`: headers from a dict, pairs or PHP's `{name: [values]}`; method upper-cased. */
export function normalizeRequest(raw: unknown): RequestData | undefined {
  if (!isObject(raw)) return undefined;
  const request = copyWithout(raw, REQUEST_REWRITTEN) as RequestData;
  setDefined(request, 'url', asString(raw.url));
  setDefined(request, 'method', asString(raw.method)?.toUpperCase());
  setDefined(request, 'headers', asStringRecord(raw.headers));
  setDefined(request, 'cookies', Array.isArray(raw.cookies) ? asStringRecord(raw.cookies) : raw.cookies);
  return Object.keys(request).length > 0 ? request : undefined;
}

/** `contexts`: non-object values dropped, each context's `type` defaulting to its key. */
export function normalizeContexts(raw: unknown): Contexts | undefined {
  const out: Contexts = {};
  let any = false;
  for (const [key, value] of entries(raw)) {
    if (typeof key !== 'string' || key === '__proto__' || !isObject(value)) continue;
    out[key] = { ...value, type: typeof value.type === 'string' ? value.type : key };
    any = true;
  }
  return any ? out : undefined;
}

const CRUMB_STRINGS = ['type', 'category', 'message'];
const CRUMB_REWRITTEN = new Set([...CRUMB_STRINGS, 'timestamp', 'level', 'data']);

/** Breadcrumbs from `{values}` or a bare list, oldest first, timestamps as epoch seconds. */
export function normalizeBreadcrumbs(raw: unknown): Breadcrumb[] {
  const crumbs = asValues(raw).slice(-MAX_BREADCRUMBS);
  return crumbs.map((entry) => {
    const crumb = copyWithout(entry, CRUMB_REWRITTEN) as Breadcrumb;
    setDefined(crumb, 'timestamp', parseTimestamp(entry.timestamp));
    if (entry.level !== undefined) crumb.level = normalizeLevel(entry.level);
    for (const key of CRUMB_STRINGS) if (typeof entry[key] === 'string') crumb[key] = entry[key];
    if (isObject(entry.data)) crumb.data = entry.data;
    return crumb;
  });
}
