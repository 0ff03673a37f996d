import { parseArgs } from 'node:util';
import { ServerError } from '../errors.js';

/** Flags every command understands (they select the configuration and the database). */
export const COMMON_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A flag's value when it is a string. */
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Parses a command's argv strictly: an unknown flag is a usage error, not silently ignored. */
export function parseCommand(argv: string[], options: OptionSpec): ParsedCommand {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    throw new ServerError('FL_CLI_USAGE', 2, (cause as Error).message, { cause });
  }
}

/** The config-related flags, keyed by setting name, for loadConfig(). */
export function configFlags(values: Record<string, unknown>): Record<string, unknown> {
  return {
    dataDir: values['data-dir'],
    databaseUrl: values['database-url'],
    port: values.port,
    host: values.host,
    publicUrl: values['public-url'],
    logLevel: values['log-level'],
  };
}
