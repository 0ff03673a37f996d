import { parseDsn } from './dsn.js';
import { ProtocolError } from './errors.js';

/** Where the public key came from. */
export type AuthSource = 'query' | 'header' | 'envelope';

/** What a request says about who sent it. */
export interface AuthInfo {
  publicKey: string;
  /** Protocol version (the leading integer of `sentry_version`), 7 when absent. */
  version: number;
  /** `sentry_client`, for diagnostics only. */
  client?: string;
  /** `sentry_timestamp` in ms (raven sends seconds or milliseconds); informational. */
  timestamp?: number;
  source: AuthSource;
}

type HeaderValue = string | string[] | undefined;
type QueryInput = string | URLSearchParams | Record<string, string | string[] | undefined>;

export interface AuthInput {
  /** The query string (with or without `?`), URLSearchParams, or a parsed record. */
  query?: QueryInput;
  /** Request headers with lower-case names. */
  headers?: Record<string, HeaderValue>;
  /** The envelope header's `dsn`, the only credential of tunnelled traffic. */
  envelopeDsn?: unknown;
}

const MAX_VERSION = 8;

// A client sends the same auth header or query string with every request: parsing each distinct
// value once saves ingest a per-request split, regexes and a URLSearchParams. The results are
// frozen because they are shared. Values carrying a timestamp (old raven clients) differ every
// time, so the caches are emptied when full rather than grown.
const CACHE_MAX = 1024;
const headerCache = new Map<string, Readonly<AuthInfo>>();
const queryCache = new Map<string, Readonly<AuthInfo> | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * Reads the public key from the `sentry_key` query parameter, `X-Sentry-Auth`,
 * `Authorization: Sentry …` / `Basic …`, or the envelope `dsn`. Returns null when no source carries
 * credentials; throws FL_PROTOCOL_BAD_AUTH when one is garbled or two disagree.
 * @example parseAuth({ query: 'sentry_key=abc&sentry_version=7', headers: {} })?.publicKey // 'abc'
 */
export function parseAuth(input: AuthInput): AuthInfo | null {
  const found: AuthInfo[] = [];
  const fromQuery = authFromQuery(input.query);
  if (fromQuery) found.push(fromQuery);
  const fromHeader = authFromHeaders(input.headers ?? {});
  if (fromHeader) found.push(fromHeader);
  if (typeof input.envelopeDsn === 'string' && input.envelopeDsn !== '') {
    found.push(authFromEnvelopeDsn(input.envelopeDsn));
  }
  const first = found[0];
  if (!first) return null;
  // Relay refuses several sources outright; clients do send the same key twice (tunnels add a dsn
  // header to query-authenticated envelopes), so only a disagreement is an error.
  for (const other of found) {
    if (other.publicKey !== first.publicKey) {
      throw new ProtocolError(
        'FL_PROTOCOL_BAD_AUTH',
        `conflicting public keys from ${first.source} and ${other.source}`,
      );
    }
  }
  return first;
}

function authFromQuery(query: QueryInput | undefined): AuthInfo | null {
  if (query === undefined) return null;
  if (typeof query !== 'string') return parseQuery(query);
  const hit = queryCache.get(query);
  if (hit !== undefined) return hit;
  const info = parseQuery(query);
  return remember(queryCache, query, info === null ? null : Object.freeze(info));
}

function parseQuery(query: QueryInput): AuthInfo | null {
  const get = queryGetter(query);
  const key = get('sentry_key');
  if (key === undefined) return null;
  return build({ key, version: get('sentry_version'), client: get('sentry_client') }, 'query');
}

function queryGetter(query: QueryInput): (name: string) => string | undefined {
  if (typeof query === 'string') {
    const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
    return (name) => params.get(name) ?? undefined;
  }
  if (query instanceof URLSearchParams) return (name) => query.get(name) ?? undefined;
  return (name) => first(query[name]);
}

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function authFromHeaders(headers: Record<string, HeaderValue>): AuthInfo | null {
  const sentryAuth = first(headers['x-sentry-auth']);
  if (sentryAuth !== undefined) return parseSentryHeader(sentryAuth);
  const authorization = first(headers.authorization)?.trim();
  if (authorization === undefined) return null;
  if (/^sentry\s/i.test(authorization)) return parseSentryHeader(authorization);
  if (/^basic\s/i.test(authorization)) return parseBasic(authorization.slice(6).trim());
  // Other schemes (Bearer API tokens…) are not Sentry credentials: not ours to judge here.
  return null;
}

function parseSentryHeader(value: string): AuthInfo {
  const hit = headerCache.get(value);
  if (hit !== undefined) return hit;
  return remember(headerCache, value, Object.freeze(parseSentryFields(value)));
}

function parseSentryFields(value: string): AuthInfo {
  const trimmed = value.trim();
  if (!/^sentry\s/i.test(trimmed)) {
    throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', 'X-Sentry-Auth must start with "Sentry "');
  }
  // The docs wrap this header over several lines, so whitespace of any kind may surround pieces.
  const fields: Record<string, string> = {};
  for (const piece of trimmed.slice(7).split(',')) {
    const part = piece.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', `garbled auth field "${part.slice(0, 40)}"`);
    fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  if (fields.sentry_key === undefined) {
    throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', 'auth header has no sentry_key');
  }
  // sentry_secret is deliberately ignored: deprecated, never required, never checked.
  return build(
    {
      key: fields.sentry_key,
      version: fields.sentry_version,
      client: fields.sentry_client,
      timestamp: fields.sentry_timestamp,
    },
    'header',
  );
}

function parseBasic(token: string): AuthInfo {
  let decoded: string;
  try {
    decoded = atob(token);
  } catch (cause) {
    throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', 'Authorization: Basic is not base64', { cause });
  }
  const colon = decoded.indexOf(':');
  return build({ key: colon === -1 ? decoded : decoded.slice(0, colon) }, 'header');
}

/** Auth from an envelope header `dsn` (sentry-ruby always, JS tunnels). */
export function authFromEnvelopeDsn(dsn: string): AuthInfo {
  try {
    return { publicKey: parseDsn(dsn).publicKey, version: 7, source: 'envelope' };
  } catch (cause) {
    throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', 'envelope dsn header is not a valid DSN', { cause });
  }
}

interface RawFields {
  key: string;
  version?: string | undefined;
  client?: string | undefined;
  timestamp?: string | undefined;
}

function build(fields: RawFields, source: AuthSource): AuthInfo {
  const key = fields.key.trim();
  if (key === '') throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', `empty sentry_key in ${source}`);
  const info: AuthInfo = { publicKey: key, version: parseVersion(fields.version), source };
  if (fields.client) info.client = fields.client;
  const ts = parseAuthTimestamp(fields.timestamp);
  if (ts !== undefined) info.timestamp = ts;
  return info;
}

function parseVersion(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 7;
  const match = /^\s*(\d+)/.exec(raw);
  if (!match) throw new ProtocolError('FL_PROTOCOL_BAD_AUTH', `garbled sentry_version "${raw.slice(0, 20)}"`);
  const version = Number(match[1]);
  if (version > MAX_VERSION) {
    throw new ProtocolError('FL_PROTOCOL_UNSUPPORTED_VERSION', `unsupported sentry_version ${version}`);
  }
  return version;
}

// raven-node sends milliseconds, raven-python float seconds; anything above 1e11 cannot be seconds
// (that would be the year 5138).
function parseAuthTimestamp(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n > 1e11 ? Math.round(n) : Math.round(n * 1000);
}
