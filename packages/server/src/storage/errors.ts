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

/** True for a unique-constraint violation on either backend (pg 23505, SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a write, turning a unique violation into FL_STORAGE_CONFLICT with `message`. */
export async function conflictAs<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new StorageError('FL_STORAGE_CONFLICT', message, { cause: err });
    throw err;
  }
}
