// @faultline/sdk: report errors with full stacks, TypeScript sources, local variables; never lose them.
export { Client } from './client/client.js';
export {
  addBreadcrumb,
  captureException,
  captureMessage,
  close,
  flush,
  getClient,
  getCurrentScope,
  setContext,
  setExtra,
  setTag,
  setTags,
  setUser,
  withScope,
} from './client/hub.js';
export type { Options } from './client/options.js';
export { Scope } from './client/scope.js';
export { SDK_ERROR_CODES, SdkError, type SdkErrorCode } from './errors.js';
export type { LocalVariablesOptions } from './locals/local-variables.js';
export { createReporter, init, type Reporter, type ReporterOptions } from './reporter.js';
export { DEFAULT_DENY_LIST, FILTERED } from './scrub/scrubber.js';
export type { Sender, SendResult } from './transport/http-sender.js';
export type { Breadcrumb, Event, EventHint, Level, User } from './types.js';
export { SDK_NAME, SDK_VERSION } from './version.js';
