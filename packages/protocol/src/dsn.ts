import { ProtocolError } from './errors.js';

/** A parsed DSN: `protocol://publicKey[:secretKey]@host[:port][pathPrefix]/projectId`. */
export interface Dsn {
  protocol: 'http' | 'https';
  publicKey: string;
  /** Deprecated by Sentry; old raven DSNs still carry it. Never required. */
  secretKey?: string;
  /** Host name; IPv6 literals keep their brackets (`[::1]`). */
  host: string;
  port?: string;
  /** `''` or a path starting with `/` and without a trailing slash (`/sentry`). */
  pathPrefix: string;
  /** Decimal digits, kept as a string like every SDK does. */
  projectId: string;
}

// raven-python strips transport prefixes such as `sync+https://`; accept them the same way so a DSN
// copied from an old config still parses.
const TRANSPORT_PREFIX = /^[a-z]+\+(?=https?:)/i;

/**
 * Parses a DSN string. Throws FL_PROTOCOL_INVALID_DSN.
 * @example parseDsn('https://abc@errors.example.com/42').projectId // '42'
 */
export function parseDsn(dsn: string): Dsn {
  if (typeof dsn !== 'string' || dsn.trim() === '') {
    throw new ProtocolError('FL_PROTOCOL_INVALID_DSN', 'DSN is empty');
  }
  let url: URL;
  try {
    url = new URL(dsn.trim().replace(TRANSPORT_PREFIX, ''));
  } catch (cause) {
    throw new ProtocolError('FL_PROTOCOL_INVALID_DSN', `DSN is not a URL: ${truncate(dsn)}`, { cause });
  }
  const protocol = url.protocol.slice(0, -1).toLowerCase();
  if (protocol !== 'http' && protocol !== 'https') {
    throw new ProtocolError('FL_PROTOCOL_INVALID_DSN', `DSN scheme must be http or https, got "${protocol}"`);
  }
  const publicKey = decodeURIComponent(url.username);
  if (publicKey === '') throw new ProtocolError('FL_PROTOCOL_INVALID_DSN', 'DSN has no public key');
  if (url.hostname === '') throw new ProtocolError('FL_PROTOCOL_INVALID_DSN', 'DSN has no host');
  if (url.search !== '' || url.hash !== '') {
    throw new ProtocolError('FL_PROTOCOL_INVALID_DSN', 'DSN must not carry a query or fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  const slash = path.lastIndexOf('/');
  const projectId = path.slice(slash + 1);
  // The JS SDK rejects anything but digits; slugs or UUIDs would break every SDK's endpoint logic.
  if (!/^\d+$/.test(projectId)) {
    throw new ProtocolError(
      'FL_PROTOCOL_INVALID_DSN',
      `DSN project id must be decimal digits, got "${projectId}"`,
    );
  }
  const result: Dsn = {
    protocol,
    publicKey,
    host: url.hostname,
    pathPrefix: path.slice(0, slash),
    projectId,
  };
  if (url.password !== '') result.secretKey = decodeURIComponent(url.password);
  if (url.port !== '') result.port = url.port;
  return result;
}

/** Formats a DSN back to its string form (`parseDsn(formatDsn(d))` equals `d`). */
export function formatDsn(dsn: Dsn): string {
  const secret = dsn.secretKey ? `:${encodeURIComponent(dsn.secretKey)}` : '';
  return `${dsn.protocol}://${encodeURIComponent(dsn.publicKey)}${secret}@${origin(dsn)}${dsn.pathPrefix}/${dsn.projectId}`;
}

/** Client identity sent as `sentry_client` (`name/version`), e.g. `faultline.node/0.1.0`. */
export interface UrlOptions {
  client?: string;
}

/** The envelope endpoint with query auth, as the JS SDKs build it (no preflight from browsers). */
export function envelopeUrl(dsn: Dsn | string, opts: UrlOptions = {}): string {
  return endpoint(typeof dsn === 'string' ? parseDsn(dsn) : dsn, 'envelope', opts);
}

/** The legacy store endpoint with query auth. */
export function storeUrl(dsn: Dsn | string, opts: UrlOptions = {}): string {
  return endpoint(typeof dsn === 'string' ? parseDsn(dsn) : dsn, 'store', opts);
}

function endpoint(dsn: Dsn, kind: 'envelope' | 'store', opts: UrlOptions): string {
  const query = new URLSearchParams({ sentry_version: '7', sentry_key: dsn.publicKey });
  if (opts.client) query.set('sentry_client', opts.client);
  return `${dsn.protocol}://${origin(dsn)}${dsn.pathPrefix}/api/${dsn.projectId}/${kind}/?${query.toString()}`;
}

function origin(dsn: Dsn): string {
  return dsn.port ? `${dsn.host}:${dsn.port}` : dsn.host;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
