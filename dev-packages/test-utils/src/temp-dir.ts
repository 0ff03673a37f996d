import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  remove(): void;
}

/** Creates a fresh directory under the OS temp dir, e.g. `const dir = tempDir('fl-sqlite-')`. */
export function tempDir(prefix = 'faultline-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs `fn` with a fresh temp dir and removes the dir afterwards, whatever `fn` does. */
export async function withTempDir<T>(fn: (path: string) => Promise<T> | T, prefix?: string): Promise<T> {
  const dir = tempDir(prefix);
  try {
    return await fn(dir.path);
  } finally {
    dir.remove();
  }
}
