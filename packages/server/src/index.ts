// faultline server: the tracker as a library. The CLI (cli/main.ts) is a thin layer over these.
export { type App, buildApp } from './app.js';
export { hashPassword, verifyPassword } from './auth/index.js';
export { type Config, type LoadConfigOptions, loadConfig, redactConfig, SETTINGS } from './config/index.js';
export { ServerError, type ServerErrorCode } from './errors.js';
export { createLogger, type Logger } from './logger.js';
export { createProjectWithKey, dsnForKey } from './projects/index.js';
export { type RunningServer, startServer } from './server.js';
export {
  type Issue,
  type OpenStorageOptions,
  openStorage,
  type Project,
  type ProjectKey,
  type Storage,
  type StoredEvent,
} from './storage/index.js';
