/** Stable codes of the server's typed errors; each is listed in docs/errors.md. */
export type ServerErrorCode =
  | 'FL_CONFIG_INVALID'
  | 'FL_INGEST_BAD_REQUEST'
  | 'FL_INGEST_BAD_ENCODING'
  | 'FL_INGEST_AUTH_MISSING'
  | 'FL_INGEST_KEY_DENIED'
  | 'FL_INGEST_TOO_LARGE'
  | 'FL_INGEST_RATE_LIMITED'
  | 'FL_INGEST_BACKPRESSURE'
  | 'FL_INGEST_UNAVAILABLE'
  | 'FL_API_UNAUTHORIZED'
  | 'FL_API_FORBIDDEN'
  | 'FL_API_NOT_FOUND'
  | 'FL_API_INVALID'
  | 'FL_CLI_USAGE';

/** An error the server answers or exits with, carrying a stable code and an HTTP status. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    readonly code: ServerErrorCode,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
