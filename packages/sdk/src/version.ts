/** The SDK's name on the wire (`sentry_client`, envelope `sdk`). */
export const SDK_NAME = 'faultline.node';
/** Kept in step with package.json by a test. */
export const SDK_VERSION = '0.1.0';
