import { ConfigError } from './typed-errors.js';

/** Names that must never become config keys: they would shadow methods or pollute prototypes. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Options of `Config.fromFile`. */
export interface FromFileOptions {
  /** Return false instead of throwing when the loader fails with ENOENT or EISDIR (a missing file). */
  silent?: boolean;
}

/**
 * Flask's Config: a dictionary of upper-case settings with loaders. Sans-IO: the caller supplies
 * the environment object, the file text or a loader, so the same code serves tests, CLIs and a later
 * file-based `loadConfig`.
 *
 * @example
 * const config = new Config();
 * config.fromMapping({ DEBUG: false });
 * config.fromPrefixedEnv(process.env, 'FAULTLINE'); // FAULTLINE_DB__HOST=x sets config.DB.HOST
 * config.fromFile(() => readFileSync('settings.yaml', 'utf8'), YAML.parse);
 */
export class Config {
  [key: string]: unknown;

  constructor(defaults?: Record<string, unknown>) {
    if (defaults !== undefined) this.fromMapping(defaults);
  }

  /** Copies the upper-case keys of the mappings (others are ignored, as in Flask). Returns true. */
  fromMapping(...mappings: Array<Record<string, unknown> | undefined>): true {
    for (const mapping of mappings) {
      if (mapping === undefined) continue;
      for (const [key, value] of Object.entries(mapping)) {
        if (isUpper(key) && this.#writable(key)) this[key] = value;
      }
    }
    return true;
  }

  /**
   * Loads `PREFIX_*` variables from `env`, in sorted key order. Values are parsed with `loads`
   * (JSON by default), keeping the raw string when parsing fails; `__` in a name nests
   * (`PREFIX_DB__HOST` sets `DB.HOST`, creating the intermediate objects). Returns true.
   */
  fromPrefixedEnv(
    env: Readonly<Record<string, string | undefined>>,
    prefix = 'FAULTLINE',
    loads: (text: string) => unknown = JSON.parse,
  ): true {
    const start = `${prefix}_`;
    for (const name of Object.keys(env).sort()) {
      const raw = env[name];
      if (!name.startsWith(start) || raw === undefined) continue;
      let value: unknown = raw;
      try {
        value = loads(raw);
      } catch {
        // Flask keeps the string when it is not valid JSON ("x", not "\"x\"").
      }
      const parts = name.slice(start.length).split('__');
      if (parts.some((part) => part === '' || FORBIDDEN_KEYS.has(part)) || !this.#writable(parts[0]!))
        continue;
      let target: Record<string, unknown> = this;
      for (const part of parts.slice(0, -1)) {
        const next = target[part];
        if (typeof next !== 'object' || next === null) target[part] = {};
        target = target[part] as Record<string, unknown>;
      }
      target[parts[parts.length - 1]!] = value;
    }
    return true;
  }

  /**
   * Loads a mapping from file text or a loader (Flask's `from_file(filename, load)`): a string is
   * given to `parse`; a loader's result is given to `parse` when it is a string, otherwise used as
   * the mapping. Failures become ConfigError (FL_ERRORS_CONFIG_LOAD) with the cause kept.
   */
  fromFile(
    source: string | (() => unknown),
    parse: (text: string) => unknown = JSON.parse,
    options: FromFileOptions = {},
  ): boolean {
    let mapping: unknown;
    try {
      const loaded = typeof source === 'function' ? source() : source;
      mapping = typeof loaded === 'string' ? parse(loaded) : loaded;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (options.silent && (code === 'ENOENT' || code === 'EISDIR')) return false;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(`Unable to load configuration file (${reason})`, { cause: error });
    }
    if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
      throw new ConfigError('Unable to load configuration file (it did not contain a mapping)');
    }
    return this.fromMapping(mapping as Record<string, unknown>);
  }

  /**
   * The keys starting with `namespace` (Flask's `get_namespace`), with the namespace trimmed and the
   * rest lower-cased by default: `getNamespace('MAIL_')` turns MAIL_HOST into `host`.
   */
  getNamespace(
    namespace: string,
    options: { lowercase?: boolean; trimNamespace?: boolean } = {},
  ): Record<string, unknown> {
    const { lowercase = true, trimNamespace = true } = options;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (!key.startsWith(namespace)) continue;
      let name = trimNamespace ? key.slice(namespace.length) : key;
      if (lowercase) name = name.toLowerCase();
      result[name] = value;
    }
    return result;
  }

  #writable(key: string): boolean {
    return !FORBIDDEN_KEYS.has(key) && !(key in Config.prototype);
  }
}

/** Python's `str.isupper()`: at least one cased character and no lower-case ones. */
function isUpper(key: string): boolean {
  return key !== key.toLowerCase() && key === key.toUpperCase();
}
