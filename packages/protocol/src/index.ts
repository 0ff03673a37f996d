// @faultline/protocol: the Sentry wire protocol, sans-IO (no node:* imports, no dependencies).
export { type AuthInfo, type AuthInput, type AuthSource, authFromEnvelopeDsn, parseAuth } from './auth.js';
export { decodeBase64Body } from './base64-body.js';
export { type Dsn, envelopeUrl, formatDsn, parseDsn, storeUrl, type UrlOptions } from './dsn.js';
export {
  type Envelope,
  type EnvelopeHeaders,
  type EnvelopeItem,
  type ItemHeaders,
  type ParseEnvelopeOptions,
  parseEnvelope,
  type SerializableItem,
  serializeEnvelope,
} from './envelope.js';
export {
  isProtocolError,
  PROTOCOL_ERROR_STATUS,
  ProtocolError,
  type ProtocolErrorCode,
} from './errors.js';
export { type EventHead, scanEventHead } from './event-head.js';
export { generateEventId, normalizeEventId } from './event-id.js';
export { DEFAULT_MAX_DEPTH, type ParseJsonOptions, parseJson } from './json.js';
export {
  clampTimestamp,
  formatTemplate,
  type NormalizeContext,
  normalizeEvent,
  normalizeLevel,
  normalizeTags,
  parseTimestamp,
  parseUserAgent,
} from './normalize/index.js';
export {
  ALL_CATEGORIES,
  formatRateLimits,
  itemCategory,
  parseRateLimits,
  parseRetryAfter,
  type RateLimit,
} from './rate-limits.js';
export type {
  Breadcrumb,
  Contexts,
  Level,
  LogEntry,
  Mechanism,
  RequestData,
  SdkInfo,
  SentryEvent,
  SentryException,
  StackFrame,
  Stacktrace,
  Thread,
  User,
} from './types.js';
