import { ServerError } from '../errors.js';

// Reasons label the `faultline_events_rejected_total` metric; keep them short and stable.
export type RejectReason =
  | 'bad_request'
  | 'bad_encoding'
  | 'auth_missing'
  | 'key_denied'
  | 'too_large'
  | 'rate_limited'
  | 'backpressure'
  | 'unavailable';

/** An ingest rejection: status, stable code and the metric reason, answered with CORS headers. */
export class IngestError extends ServerError {
  constructor(
    code: ConstructorParameters<typeof ServerError>[0],
    status: number,
    readonly reason: RejectReason,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(code, status, message, options);
  }
}

export const badRequest = (message: string, cause?: unknown): IngestError =>
  new IngestError('FL_INGEST_BAD_REQUEST', 400, 'bad_request', message, {}, { cause });

export const badEncoding = (message: string, cause?: unknown): IngestError =>
  new IngestError('FL_INGEST_BAD_ENCODING', 400, 'bad_encoding', message, {}, { cause });

export const tooLarge = (message: string): IngestError =>
  new IngestError('FL_INGEST_TOO_LARGE', 413, 'too_large', message);
