export { StorageError, type StorageErrorCode } from './errors.js';
export { type OpenStorageOptions, openStorage, parseStorageUrl, type StorageTarget } from './open-storage.js';
export type { QueryListener, QueryLogEntry } from './query-log.js';
export type {
  ApiToken,
  ClaimedQueueItem,
  DigestEvent,
  DigestOutcome,
  HourlyCount,
  Issue,
  IssueQuery,
  IssueSort,
  IssueStatus,
  Level,
  Page,
  Project,
  ProjectKey,
  QueueItem,
  Storage,
  StorageCapabilities,
  StoredEvent,
  User,
} from './types.js';
