export {
  assertDebugAllowed,
  createDebugRenderer,
  DEFAULT_EDITOR_URL,
  type DebugPageOptions,
  disableDebugPage,
  enableDebugPage,
} from './debug-mode.js';
export { type AppKind, detectApp } from './detect-app.js';
export { type LoadConfigOptions, loadConfig } from './load-config.js';
export type { DebugException, DebugFrame, DebugReport, DebugRequest, FrameKind } from './report.js';
export { type RunningApp, type RunOptions, run } from './run.js';
