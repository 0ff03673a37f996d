import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Config } from '@faultline/errors';
import { parse as parseYaml } from 'yaml';

/** Options of `loadConfig`. Layers apply in this order, later ones winning: defaults, files, mapping, env. */
export interface LoadConfigOptions {
  /** Defaults (Flask's first `from_mapping`). */
  defaults?: Record<string, unknown>;
  /** YAML (`.yaml`/`.yml`) or JSON (anything else) files, relative to `root`, in order. */
  files?: string | readonly string[];
  /** A mapping laid over the files, e.g. a test config (Flask's `test_config`). */
  mapping?: Record<string, unknown>;
  /** Prefix of environment variables to load (`FAULTLINE` → `FAULTLINE_DEBUG`); false to skip. */
  envPrefix?: string | false;
  /** The environment; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Skip files that do not exist instead of throwing (Flask's `silent=True`). */
  silent?: boolean;
  /** Directory that relative file names are resolved from; the working directory by default. */
  root?: string;
  /** Load into this config (an ErrorApp's `config`) instead of a new one. */
  into?: Config;
}

/**
 * Flask's config loading on @faultline/errors' Config: upper-case keys only; YAML or JSON files like
 * `from_file(name, load)`; `PREFIX_*` environment variables like `from_prefixed_env`, values
 * JSON-parsed (falling back to the string) and `__` nesting (`FAULTLINE_DB__HOST` → `DB.HOST`).
 * A file that fails to load throws ConfigError (FL_ERRORS_CONFIG_LOAD) with the cause.
 *
 * @example
 * const config = loadConfig({ defaults: { SECRET_KEY: 'dev' }, files: 'config.yaml' });
 * const errors = faultline(app, { config }); // DEBUG: true in the file turns on propagation
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const config = options.into ?? new Config();
  config.fromMapping(options.defaults);
  const files = typeof options.files === 'string' ? [options.files] : (options.files ?? []);
  for (const file of files) {
    const path = resolve(options.root ?? process.cwd(), file);
    config.fromFile(() => readFileSync(path, 'utf8'), parserFor(path), { silent: options.silent ?? false });
  }
  config.fromMapping(options.mapping);
  if (options.envPrefix !== false)
    config.fromPrefixedEnv(options.env ?? process.env, options.envPrefix ?? 'FAULTLINE');
  return config;
}

function parserFor(path: string): (text: string) => unknown {
  const ext = extname(path).toLowerCase();
  // YAML's core schema, like PyYAML's safe_load: plain data only, no custom tags.
  if (ext === '.yaml' || ext === '.yml') return (text) => parseYaml(text);
  return JSON.parse;
}
