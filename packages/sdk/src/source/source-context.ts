import { readFileSync, statSync } from 'node:fs';
import type { Frame } from '../types.js';
import { Lru } from './lru.js';

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_LINE_CHARS = 140;

/** Reads source files once (bounded LRU) and adds the lines around each frame. */
export class SourceContext {
  // null remembers a file that could not be read, so it is not retried on every event.
  readonly #files: Lru<string, string[] | null>;

  constructor(
    maxFiles = 100,
    readonly lines = 5,
  ) {
    this.#files = new Lru(maxFiles);
  }

  /** The lines of a file, or undefined when it cannot be read (or is too big to be source). */
  fileLines(path: string): string[] | undefined {
    const cached = this.#files.get(path);
    if (cached !== undefined) return cached ?? undefined;
    let lines: string[] | null = null;
    try {
      if (statSync(path).size <= MAX_FILE_BYTES) lines = readFileSync(path, 'utf8').split(/\r?\n/);
    } catch {
      lines = null;
    }
    this.#files.set(path, lines);
    return lines ?? undefined;
  }

  /** Fills pre_context, context_line and post_context of a frame from disk when the file is there. */
  addContext(frame: Frame): void {
    if (!frame.abs_path || frame.lineno === undefined || frame.context_line !== undefined) return;
    const lines = this.fileLines(frame.abs_path);
    if (!lines) return;
    addContextFromLines(frame, lines, this.lines);
  }
}

/** Adds context from given lines (also used for sources embedded in a source map). */
export function addContextFromLines(frame: Frame, lines: string[], around: number): void {
  const index = (frame.lineno ?? 0) - 1;
  if (index < 0 || index >= lines.length) return;
  frame.pre_context = lines.slice(Math.max(0, index - around), index).map((l) => clip(l, frame.colno));
  frame.context_line = clip(lines[index]!, frame.colno);
  frame.post_context = lines.slice(index + 1, index + 1 + around).map((l) => clip(l, frame.colno));
}

// Minified bundles have huge lines; keep a window around the column, marked the way Sentry does.
function clip(line: string, colno = 0): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  const start = Math.max(0, Math.min(colno - 60, line.length - MAX_LINE_CHARS));
  const end = Math.min(line.length, start + MAX_LINE_CHARS);
  return `${start > 0 ? '{snip} ' : ''}${line.slice(start, end)}${end < line.length ? ' {snip}' : ''}`;
}
