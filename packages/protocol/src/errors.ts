/** Stable codes of the errors this package throws, with the HTTP status ingest should answer. */
export const PROTOCOL_ERROR_STATUS = {
  /** The DSN string is not `scheme://key@host[:port][/prefix]/projectId`. */
  FL_PROTOCOL_INVALID_DSN: 401,
  /** Credentials present but garbled (no key, two different keys, an unparsable version). */
  FL_PROTOCOL_BAD_AUTH: 401,
  /** A `sentry_version` above 8: well-formed credentials for a protocol we do not speak (Relay: 400). */
  FL_PROTOCOL_UNSUPPORTED_VERSION: 400,
  /** Envelope framing broken: bad header line, length overrun, missing item type. */
  FL_PROTOCOL_BAD_ENVELOPE: 400,
  /** More items in one envelope than the caller allows. */
  FL_PROTOCOL_TOO_MANY_ITEMS: 413,
  /** Not JSON, even after repairing bare NaN / Infinity tokens. */
  FL_PROTOCOL_BAD_JSON: 400,
  /** JSON nested deeper than the caller allows. */
  FL_PROTOCOL_TOO_DEEP: 400,
} as const;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERROR_STATUS;

/**
 * The one error type of @faultline/protocol. `status` is the answer ingest should give, so the
 * HTTP layer maps errors without a table of its own.
 */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  readonly status: number;

  constructor(code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProtocolError';
    this.code = code;
    this.status = PROTOCOL_ERROR_STATUS[code];
  }
}

/** True for a ProtocolError (also across duplicated package copies, by shape). */
export function isProtocolError(err: unknown): err is ProtocolError {
  return (
    err instanceof ProtocolError ||
    (err instanceof Error && err.name === 'ProtocolError' && typeof (err as ProtocolError).code === 'string')
  );
}
