/**
 * Stable codes of alert failures with their HTTP status where one reaches a client (null: shown
 * as a delivery's last error or a test notification's result). Listed in docs/errors.md, server
 * section; alert-errors.test.ts checks the two agree.
 */
export const ALERT_ERROR_STATUS = {
  FL_ALERT_INVALID: 400,
  FL_ALERT_WEBHOOK_REFUSED: null,
  FL_ALERT_WEBHOOK_FAILED: null,
  FL_ALERT_SMTP_UNCONFIGURED: null,
  FL_ALERT_NO_RECIPIENTS: null,
} as const;

export type AlertErrorCode = keyof typeof ALERT_ERROR_STATUS;

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
