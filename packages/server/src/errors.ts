/** Stable codes of the server's typed errors, with their HTTP status; each is in docs/errors.md. */
export const SERVER_ERROR_STATUS = {
  FL_CONFIG_INVALID: null,
  FL_INGEST_BAD_REQUEST: 400,
  FL_INGEST_BAD_ENCODING: 400,
  FL_INGEST_AUTH_MISSING: 401,
  FL_INGEST_KEY_DENIED: 403,
  FL_INGEST_TOO_LARGE: 413,
  FL_INGEST_RATE_LIMITED: 429,
  FL_INGEST_BACKPRESSURE: 429,
  FL_INGEST_UNAVAILABLE: 503,
  FL_API_UNAUTHORIZED: 401,
  FL_API_NOT_FOUND: 404,
  FL_API_INVALID: 400,
  FL_CLI_USAGE: null,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERROR_STATUS;

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
