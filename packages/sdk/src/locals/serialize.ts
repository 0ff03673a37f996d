/** Limits on what local variables may carry into an event. */
export interface VariableLimits {
  /** Nesting levels expanded below a frame's variables (0 = only the variable's own value). */
  maxDepth: number;
  /** Properties or array elements kept per object, and variables kept per frame. */
  maxProperties: number;
  /** Characters kept of a string value. */
  maxStringLength: number;
}

export const DEFAULT_VARIABLE_LIMITS: VariableLimits = {
  maxDepth: 2,
  maxProperties: 25,
  maxStringLength: 250,
};

/** The part of a Chrome DevTools Protocol RemoteObject we read. */
export interface RemoteObject {
  type: string;
  subtype?: string;
  className?: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
  objectId?: string;
}

/** A property as `Runtime.getProperties` returns it. */
export interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
  isOwn?: boolean;
}

/** Fetches the own properties of a remote object (synchronously, inside a debugger pause). */
export type GetProperties = (objectId: string) => PropertyDescriptor[];

// Opaque built-ins are shown by their description; expanding them shows internals, not data.
const OPAQUE = new Set([
  'regexp',
  'date',
  'error',
  'promise',
  'map',
  'set',
  'weakmap',
  'weakset',
  'proxy',
  'typedarray',
  'arraybuffer',
  'dataview',
  'generator',
  'iterator',
  'node',
  'wasmvalue',
]);

/** Turns remote values into plain JSON within the limits; functions and symbols are skipped. */
export function serializeRemote(
  obj: RemoteObject,
  get: GetProperties,
  limits: VariableLimits,
  depth = 0,
): unknown | typeof SKIP {
  switch (obj.type) {
    case 'undefined':
      return '<undefined>';
    case 'function':
    case 'symbol':
      return SKIP;
    case 'string':
      return truncate(String(obj.value), limits.maxStringLength);
    case 'number':
    case 'bigint':
      return obj.unserializableValue !== undefined ? `<${obj.unserializableValue}>` : obj.value;
    case 'boolean':
      return obj.value;
  }
  if (obj.subtype === 'null') return null;
  if (!obj.objectId || OPAQUE.has(obj.subtype ?? '') || depth >= limits.maxDepth) {
    return `<${truncate(obj.description ?? obj.className ?? 'Object', limits.maxStringLength)}>`;
  }
  const props = get(obj.objectId);
  if (obj.subtype === 'array') {
    const items: unknown[] = [];
    for (const p of props) {
      if (items.length >= limits.maxProperties) break;
      if (!/^\d+$/.test(p.name) || !p.value) continue;
      const v = serializeRemote(p.value, get, limits, depth + 1);
      items.push(v === SKIP ? '<function>' : v);
    }
    return items;
  }
  return serializeProperties(props, get, limits, depth + 1);
}

/** Serializes a list of properties (a scope or an object) into a plain object. */
export function serializeProperties(
  props: PropertyDescriptor[],
  get: GetProperties,
  limits: VariableLimits,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const p of props) {
    if (count >= limits.maxProperties) break;
    if (!p.value || p.name === '__proto__') continue;
    const v = serializeRemote(p.value, get, limits, depth);
    if (v === SKIP) continue;
    out[p.name] = v;
    count++;
  }
  return out;
}

/** Marker for values that are left out (functions, symbols). */
export const SKIP = Symbol('skip');

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
