/** Stable codes of alert failures (listed in docs/errors.md, server section). */
export type AlertErrorCode =
  | 'FL_ALERT_INVALID'
  | 'FL_ALERT_WEBHOOK_REFUSED'
  | 'FL_ALERT_WEBHOOK_FAILED'
  | 'FL_ALERT_SMTP_UNCONFIGURED'
  | 'FL_ALERT_NO_RECIPIENTS';

/** An alert failure with a stable code; `cause` keeps the underlying error. */
export class AlertError extends Error {
  override name = 'AlertError';
  constructor(
    readonly code: AlertErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
