import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, sourceContentFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Frame } from '../types.js';
import { Lru } from './lru.js';

const MAX_MAP_BYTES = 32 * 1024 * 1024;
// Only the tail of a file can hold the sourceMappingURL comment; read that much to find it.
const TAIL_BYTES = 4096;
const URL_COMMENT = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/;

interface LoadedMap {
  map: TraceMap;
  mapUrl: string;
}

/**
 * Maps frames of compiled JavaScript (tsc output with a `.map` file or an inline map, or a bundle)
 * back to their original sources. One parsed map per generated file, in a bounded cache.
 */
export class SourceMaps {
  readonly #maps: Lru<string, LoadedMap | null>;

  constructor(maxMaps = 50) {
    this.#maps = new Lru(maxMaps);
  }

  /**
   * Rewrites a frame to its original position; returns the embedded source lines when the map
   * carries `sourcesContent`, so context comes from the exact source that was compiled.
   */
  mapFrame(frame: Frame): string[] | undefined {
    if (!frame.abs_path || frame.lineno === undefined || !/\.[cm]?js$/.test(frame.abs_path)) return undefined;
    const loaded = this.load(frame.abs_path);
    if (!loaded) return undefined;
    const pos = originalPositionFor(loaded.map, {
      line: frame.lineno,
      column: Math.max(0, (frame.colno ?? 1) - 1),
    });
    if (pos.source === null || pos.line === null) return undefined;
    const sourcePath = toPath(pos.source, loaded.mapUrl);
    frame.abs_path = sourcePath;
    frame.filename = sourcePath;
    frame.lineno = pos.line;
    frame.colno = (pos.column ?? 0) + 1;
    if (pos.name && (!frame.function || frame.function === '?')) frame.function = pos.name;
    const content = sourceContentFor(loaded.map, pos.source);
    return content == null ? undefined : content.split(/\r?\n/);
  }

  /** The parsed map of a generated file, or null when it has none. */
  load(file: string): LoadedMap | null {
    const cached = this.#maps.get(file);
    if (cached !== undefined) return cached;
    let loaded: LoadedMap | null = null;
    try {
      loaded = readMap(file);
    } catch {
      loaded = null;
    }
    this.#maps.set(file, loaded);
    return loaded;
  }
}

function readMap(file: string): LoadedMap | null {
  const text = readFileSync(file, 'utf8');
  const tail = text.slice(-TAIL_BYTES).trimEnd();
  const match = URL_COMMENT.exec(tail);
  if (!match) return null;
  const ref = match[1]!;
  if (ref.startsWith('data:')) {
    const comma = ref.indexOf(',');
    const meta = ref.slice(5, comma);
    const body = ref.slice(comma + 1);
    const json = meta.endsWith(';base64')
      ? Buffer.from(body, 'base64').toString('utf8')
      : decodeURIComponent(body);
    return { map: new TraceMap(json, pathToUrl(file)), mapUrl: pathToUrl(file) };
  }
  const mapPath = resolve(dirname(file), decodeURIComponent(ref));
  const json = readFileSync(mapPath, 'utf8');
  if (json.length > MAX_MAP_BYTES) return null;
  return { map: new TraceMap(json, pathToUrl(mapPath)), mapUrl: pathToUrl(mapPath) };
}

function pathToUrl(path: string): string {
  return new URL(`file://${path.startsWith('/') ? '' : '/'}${path.replace(/\\/g, '/')}`).href;
}

// trace-mapping resolves sources against the map's URL, so they come back as file:// URLs.
function toPath(source: string, mapUrl: string): string {
  try {
    const url = new URL(source, mapUrl);
    return url.protocol === 'file:' ? fileURLToPath(url) : source;
  } catch {
    return source;
  }
}
