import type { HTTPException } from './http-exception.js';
import { negotiateErrorFormat } from './negotiate.js';
import type { ErrorRequest, ErrorResponse } from './types.js';

/**
 * Renders an HTTP exception's default response. Werkzeug's HTML page by default; JSON (the Flask
 * docs' "API errors as JSON" shape) or RFC 9457 problem+json when the Accept header prefers them.
 * `Vary: Accept` is always sent because the body depends on that header.
 */
export function renderDefaultResponse(error: HTTPException, request?: ErrorRequest): ErrorResponse {
  // A code-less exception (a bare HTTPException) has no status of its own; 500 is the honest one.
  const status = error.code ?? 500;
  const format = negotiateErrorFormat(request?.headers.accept);
  if (format === 'html') {
    return { status, headers: [...error.getHeaders(), ['Vary', 'Accept']], body: error.getBody() };
  }
  const body =
    format === 'json'
      ? { code: status, name: error.title, description: error.description }
      : {
          type: 'about:blank',
          title: error.title,
          status,
          detail: error.description,
          ...(request ? { instance: request.path } : {}),
        };
  const contentType = format === 'json' ? 'application/json' : 'application/problem+json';
  return {
    status,
    headers: [['Content-Type', contentType], ...error.headers, ['Vary', 'Accept']],
    body: `${JSON.stringify(body)}\n`,
  };
}
