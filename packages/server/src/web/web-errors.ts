// Typed errors of the web UI. Each code is listed in docs/errors.md (faultline server section).

/** Every web UI code with the HTTP status(es) it answers with, as docs/errors.md lists them. */
export const WEB_ERROR_STATUS = {
  FL_UI_CSRF: '403',
  FL_UI_LOGIN_RATE_LIMITED: '429',
  FL_UI_FORBIDDEN: '401/403',
  FL_UI_NOT_FOUND: '404',
  FL_UI_INVALID: '400',
  FL_UI_SETUP_CLOSED: '403',
} as const;

export type WebErrorCode = keyof typeof WEB_ERROR_STATUS;

/** An error a UI route answers with: a stable code, an HTTP status, and a message safe to show. */
export class WebError extends Error {
  override readonly name = 'WebError';
  constructor(
    readonly code: WebErrorCode,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Page'): WebError =>
  new WebError('FL_UI_NOT_FOUND', 404, `${what} not found.`);
export const forbidden = (): WebError =>
  new WebError('FL_UI_FORBIDDEN', 403, 'You do not have access to this.');
export const invalid = (message: string): WebError => new WebError('FL_UI_INVALID', 400, message);
