import type { Frame } from '../types.js';

/** A frame parsed from a V8 stack line, before enrichment. */
export interface RawFrame {
  function?: string;
  file?: string;
  lineno?: number;
  colno?: number;
  native?: boolean;
}

const MAX_FRAMES = 100;
// "    at fn (file:1:2)", "    at file:1:2", "    at async fn (file:1:2)", "    at new Foo (file:1:2)"
const WITH_FN = /^\s*at (?:async )?(.+?) \((.+)\)$/;
const WITHOUT_FN = /^\s*at (?:async )?(.+)$/;
const LOCATION = /^(.*?)(?::(\d+))?(?::(\d+))?$/;

/** Parses a V8 `error.stack` string into frames, newest first (as V8 prints them). */
export function parseStackLines(stack: string): RawFrame[] {
  const out: RawFrame[] = [];
  for (const line of stack.split('\n')) {
    if (out.length >= MAX_FRAMES) break;
    if (!/^\s*at /.test(line)) continue;
    const frame = parseLine(line);
    if (frame) out.push(frame);
  }
  return out;
}

function parseLine(line: string): RawFrame | undefined {
  const withFn = WITH_FN.exec(line);
  if (withFn) {
    let location = withFn[2]!;
    // eval frames: "eval at fn (file:1:2), <anonymous>:1:1" — report the outer location.
    const evalAt = /^eval at .*? \((.+?)\)/.exec(location);
    if (evalAt) location = evalAt[1]!;
    return withLocation(withFn[1], location);
  }
  const without = WITHOUT_FN.exec(line);
  if (without) return withLocation(undefined, without[1]!);
  return undefined;
}

function withLocation(fn: string | undefined, location: string): RawFrame {
  const [, file = location, line, col] = LOCATION.exec(location) ?? [];
  if (file === 'native' || file === '<anonymous>') return { function: fn, native: true };
  const frame: RawFrame = { function: fn, file: fileFromUrl(file) };
  if (line) frame.lineno = Number(line);
  if (col) frame.colno = Number(col);
  return frame;
}

function fileFromUrl(file: string): string {
  if (file.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(file).pathname);
    } catch {
      return file;
    }
  }
  return file;
}

/** True for frames of Node itself (`node:internal/…`, `internal/…`) and native code. */
export function isNodeInternal(file: string | undefined): boolean {
  if (!file) return true;
  return (
    file.startsWith('node:') || file.startsWith('internal/') || (!file.includes('/') && !file.includes('\\'))
  );
}

/** True when a frame belongs to the application rather than a dependency or Node. */
export function isInApp(file: string | undefined): boolean {
  if (isNodeInternal(file)) return false;
  return !/[\\/]node_modules[\\/]/.test(file!);
}

/**
 * A module name from a path, the way Sentry's Node SDK derives it: the path below the package
 * root or `node_modules`, without extension, with `/` → `.` and the file after `:`.
 */
export function moduleFromFile(file: string | undefined, root = process.cwd()): string | undefined {
  if (!file || isNodeInternal(file)) return undefined;
  const normalized = file.replace(/\\/g, '/');
  const base = normalized.replace(/\.[cm]?[jt]sx?$/, '');
  const nm = base.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = base.slice(nm + '/node_modules/'.length);
    const parts = rest.split('/');
    const file = parts.pop()!;
    return parts.length ? `${parts.join('.')}:${file}` : file;
  }
  const rootSlash = root.replace(/\\/g, '/').replace(/\/?$/, '/');
  const rel = base.startsWith(rootSlash)
    ? base.slice(rootSlash.length)
    : base.slice(base.lastIndexOf('/') + 1);
  const parts = rel.split('/');
  const last = parts.pop()!;
  return parts.length ? `${parts.join('.')}:${last}` : last;
}

/** Turns raw frames (newest first) into protocol frames (oldest first). */
export function toProtocolFrames(raw: RawFrame[]): Frame[] {
  const frames: Frame[] = [];
  for (let i = raw.length - 1; i >= 0; i--) {
    const r = raw[i]!;
    const frame: Frame = { function: r.function ?? '?', in_app: isInApp(r.file) };
    if (r.file) {
      frame.filename = r.file;
      frame.abs_path = r.file;
      const mod = moduleFromFile(r.file);
      if (mod) frame.module = mod;
    }
    if (r.lineno !== undefined) frame.lineno = r.lineno;
    if (r.colno !== undefined) frame.colno = r.colno;
    frames.push(frame);
  }
  return frames;
}
