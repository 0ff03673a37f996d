import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ServerError } from '../errors.js';
import { type Config, SETTINGS, type SettingName, type SettingSpec } from './settings.js';

type Raw = Partial<Record<SettingName, unknown>>;

export interface LoadConfigOptions {
  /** CLI flags (highest precedence), already keyed by setting name. */
  flags?: Raw;
  /** Environment; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Explicit config file (`--config`); otherwise `faultline.config.{json,yaml,yml}` in the data dir. */
  configPath?: string;
  /** Base for relative paths; defaults to process.cwd(). */
  cwd?: string;
}

/**
 * Effective configuration: defaults < config file < `FAULTLINE_*` env < CLI flags.
 * @example const config = loadConfig({ flags: { port: 9000 } });
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fromEnv: Raw = {};
  for (const spec of SETTINGS) {
    const value = env[spec.env];
    if (value !== undefined && value !== '') fromEnv[spec.name] = value;
  }
  const flags = stripUndefined(options.flags ?? {});
  // The data dir decides where the config file lives, so it is resolved before the file is read.
  const dataDirRaw = flags.dataDir ?? fromEnv.dataDir;
  const file = readConfigFile(options.configPath, dataDirRaw, cwd);
  const merged: Raw = { ...file, ...fromEnv, ...flags };

  const out: Record<string, number | string | boolean> = {};
  for (const spec of SETTINGS) {
    const value = merged[spec.name] ?? spec.default;
    if (value === undefined) continue;
    out[spec.name] = coerce(spec, value);
  }
  const config = out as unknown as Config;
  config.dataDir = resolve(cwd, config.dataDir);
  config.databaseUrl ??= `sqlite:${join(config.dataDir, 'faultline.db')}`;
  config.publicUrl ??= defaultPublicUrl(config.host, config.port);
  config.publicUrl = config.publicUrl.replace(/\/+$/, '');
  return config;
}

function readConfigFile(explicit: string | undefined, dataDirRaw: unknown, cwd: string): Raw {
  let path = explicit === undefined ? undefined : resolve(cwd, explicit);
  if (path === undefined) {
    const dir = resolve(cwd, typeof dataDirRaw === 'string' ? dataDirRaw : String(SETTINGS[2]?.default));
    path = ['faultline.config.json', 'faultline.config.yaml', 'faultline.config.yml']
      .map((name) => join(dir, name))
      .find((candidate) => existsSync(candidate));
    if (path === undefined) return {};
  }
  let parsed: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    parsed = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new ServerError(
      'FL_CONFIG_INVALID',
      0,
      `cannot read config file ${path}: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ServerError('FL_CONFIG_INVALID', 0, `config file ${path} must hold an object`);
  }
  const known = new Set<string>(SETTINGS.map((s) => s.name));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new ServerError('FL_CONFIG_INVALID', 0, `unknown setting "${key}" in ${path}`);
  }
  return parsed as Raw;
}

function coerce(spec: SettingSpec, value: unknown): number | string | boolean {
  if (spec.kind === 'boolean') return coerceBoolean(spec, value);
  if (spec.kind === 'string') {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ServerError('FL_CONFIG_INVALID', 0, `setting ${spec.name} must be a string`);
    }
    return String(value);
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ServerError(
      'FL_CONFIG_INVALID',
      0,
      `setting ${spec.name} must be a non-negative integer, got ${JSON.stringify(value)}`,
    );
  }
  if (spec.name === 'port' && n > 65535)
    throw new ServerError('FL_CONFIG_INVALID', 0, `port ${n} is out of range`);
  return n;
}

// Env values are strings and config files may hold either form, so both spellings are accepted;
// anything else is an error rather than a silent `false`.
function coerceBoolean(spec: SettingSpec, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  throw new ServerError(
    'FL_CONFIG_INVALID',
    0,
    `setting ${spec.name} must be true or false (or 1/0), got ${JSON.stringify(value)}`,
  );
}

function stripUndefined(raw: Raw): Raw {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Raw;
}

/** The settings as `faultline config` prints them, with secrets' passwords redacted. */
export function redactConfig(config: Config): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const spec of SETTINGS) {
    const value = config[spec.name];
    if (value === undefined) continue;
    // A connection URL keeps everything but its password; other secrets are hidden whole.
    out[spec.name] =
      !spec.secret || typeof value !== 'string'
        ? value
        : spec.name === 'databaseUrl' || spec.name === 'smtpUrl'
          ? redactUrl(value)
          : '***';
  }
  return out;
}

function redactUrl(value: string): string {
  // Only the password of a connection URL is secret; the rest helps an operator check the target.
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** The publicUrl used when none is set: the listening address, with a wildcard host as loopback. */
export function defaultPublicUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * The publicUrl for a server now listening on `port`: when the config asked for port 0 and left
 * publicUrl unset, the default named port 0, which no SDK can reach; it becomes the real port.
 * An explicit publicUrl is kept as given.
 */
export function listeningPublicUrl(
  config: Pick<Config, 'host' | 'port' | 'publicUrl'>,
  port: number,
): string {
  return config.port === 0 && config.publicUrl === defaultPublicUrl(config.host, 0)
    ? defaultPublicUrl(config.host, port)
    : config.publicUrl;
}
