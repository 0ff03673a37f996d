// Shared fixtures for the core's unit tests (excluded from the build by the test-* name).
import type { ErrorLogger, ErrorRequest, ErrorResponse } from './types.js';

/** A request as an adapter would build it. */
export function makeRequest(overrides: Partial<ErrorRequest> = {}): ErrorRequest {
  return { method: 'GET', path: '/boom', url: '/boom?x=1', headers: {}, ...overrides };
}

/** A logger that records every call, for asserting what was logged. */
export function memoryLogger(): ErrorLogger & { calls: Array<{ obj: unknown; msg: string | undefined }> } {
  const calls: Array<{ obj: unknown; msg: string | undefined }> = [];
  return {
    calls,
    error(obj: unknown, msg?: string) {
      calls.push({ obj, msg });
    },
  };
}

/** The body as text, whatever its type. */
export function bodyText(response: ErrorResponse): string {
  return typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
}

/** The values of a header (case-insensitive). */
export function headerValues(response: ErrorResponse, name: string): string[] {
  return response.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}
