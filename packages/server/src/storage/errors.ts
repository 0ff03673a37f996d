/** Stable codes of storage failures a user can see (listed in docs/errors.md, server section). */
export type StorageErrorCode =
  | 'FL_STORAGE_BAD_URL'
  | 'FL_STORAGE_BAD_CURSOR'
  | 'FL_STORAGE_MIGRATION_FAILED'
  | 'FL_STORAGE_NOT_FOUND'
  | 'FL_STORAGE_CONFLICT';

/** A storage failure with a stable code; `cause` keeps the driver's error. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
