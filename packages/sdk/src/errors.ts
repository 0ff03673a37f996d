/** Stable codes of the SDK's own troubles (listed in docs/errors.md). */
export const SDK_ERROR_CODES = [
  'FL_SDK_INVALID_DSN',
  'FL_SDK_SEND_FAILED',
  'FL_SDK_EVENT_DROPPED',
  'FL_SDK_SPOOL_UNAVAILABLE',
  'FL_SDK_INTERNAL',
  'FL_SDK_APP_NOT_FOUND',
  'FL_SDK_DEBUG_IN_PRODUCTION',
] as const;

export type SdkErrorCode = (typeof SDK_ERROR_CODES)[number];

/**
 * A problem inside the SDK. While capturing and sending it is never thrown into the application,
 * only logged with `debug: true`; the one thrown case is a setup mistake (FL_SDK_APP_NOT_FOUND).
 */
export class SdkError extends Error {
  override name = 'SdkError';
  constructor(
    readonly code: SdkErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where the SDK reports its own troubles. */
export type SdkLogger = (error: SdkError) => void;

/** The `debug: true` logger: one line on stderr per problem. */
export function debugLogger(enabled: boolean): SdkLogger {
  return (error) => {
    if (!enabled) return;
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    process.stderr.write(`[faultline] ${error.code}: ${error.message}${cause}\n`);
  };
}
