import { escapeHtml } from './html.js';
import { HTTPException, type HTTPExceptionOptions } from './http-exception.js';
import type { ErrorResponse } from './types.js';

/**
 * *308* the router's "add the trailing slash" redirect (Werkzeug's RequestRedirect). It is a routing
 * exception: the pipeline never offers it to user handlers, not even a catch-all `Error` handler
 * (checklist 26, pallets/flask#2984).
 */
export class RequestRedirect extends HTTPException {
  static override code = 308;
  /** Marks routing exceptions, which bypass handler lookup. */
  readonly routing = true;
  readonly newUrl: string;

  constructor(newUrl: string, options?: HTTPExceptionOptions) {
    super(options);
    this.newUrl = newUrl;
  }

  /** A 308 redirect to `newUrl` with Werkzeug's redirect page. */
  override getResponse(): ErrorResponse {
    const href = escapeHtml(this.newUrl);
    return {
      status: 308,
      headers: [
        ['Content-Type', 'text/html; charset=utf-8'],
        ['Location', this.newUrl],
      ],
      body:
        '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
        `<p>You should be redirected automatically to the target URL: <a href="${href}">${href}</a>. If not, click the link.\n`,
    };
  }
}
