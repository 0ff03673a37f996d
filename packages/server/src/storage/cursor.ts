// Opaque keyset cursors: the sort value and id of the last row of a page, so the next page starts
// strictly after it. Rows inserted meanwhile never shift later pages (unlike OFFSET).
import { StorageError } from './errors.js';

export interface CursorPosition {
  /** Which ordering the cursor belongs to; a cursor from another ordering is rejected. */
  kind: string;
  value: number;
  id: number;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([pos.kind, pos.value, pos.id]), 'utf8').toString('base64url');
}

/** Parses a cursor made by encodeCursor for the same ordering; throws FL_STORAGE_BAD_CURSOR otherwise. */
export function decodeCursor(cursor: string, kind: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new StorageError('FL_STORAGE_BAD_CURSOR', 'malformed cursor', { cause });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== kind ||
    !Number.isFinite(parsed[1]) ||
    !Number.isSafeInteger(parsed[2])
  ) {
    throw new StorageError('FL_STORAGE_BAD_CURSOR', `cursor does not belong to a ${kind} listing`);
  }
  return { kind, value: parsed[1] as number, id: parsed[2] as number };
}
